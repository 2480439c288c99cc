using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SalesforceTokenDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "ProtectedRefreshToken",
                table: "salesforce_connections",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "AuthorizationHost",
                table: "salesforce_connections",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "IdUrl",
                table: "salesforce_connections",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "salesforce_connections",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "TokenIssuedAt",
                table: "salesforce_connections",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_connections_OrganizationId_SalesforceUserId",
                table: "salesforce_connections",
                columns: new[] { "OrganizationId", "SalesforceUserId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_salesforce_connections_OrganizationId_SalesforceUserId",
                table: "salesforce_connections");

            migrationBuilder.DropColumn(
                name: "AuthorizationHost",
                table: "salesforce_connections");

            migrationBuilder.DropColumn(
                name: "IdUrl",
                table: "salesforce_connections");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "salesforce_connections");

            migrationBuilder.DropColumn(
                name: "TokenIssuedAt",
                table: "salesforce_connections");

            migrationBuilder.AlterColumn<string>(
                name: "ProtectedRefreshToken",
                table: "salesforce_connections",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
