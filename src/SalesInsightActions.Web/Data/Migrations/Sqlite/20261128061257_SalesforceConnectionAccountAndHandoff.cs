using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SalesforceConnectionAccountAndHandoff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_salesforce_connections_OrganizationId_SalesforceUserId",
                table: "salesforce_connections");

            migrationBuilder.DropIndex(
                name: "IX_salesforce_connections_SalesAccountId",
                table: "salesforce_connections");

            migrationBuilder.AddColumn<string>(
                name: "CheckedBy",
                table: "salesforce_package_checks",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CheckedByMemberId",
                table: "salesforce_package_checks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ItemsJson",
                table: "salesforce_package_checks",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<Guid>(
                name: "MemberId",
                table: "salesforce_connections",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "ConnectedByEmail",
                table: "salesforce_connections",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConnectedByMemberId",
                table: "salesforce_connections",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "salesforce_handoff_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsSandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedByMemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedByEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UsedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_salesforce_handoff_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_salesforce_handoff_links_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_connections_one_account_connection",
                table: "salesforce_connections",
                column: "SalesAccountId",
                unique: true,
                filter: "\"IsAccountConnection\" = TRUE");

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_connections_OrganizationId_SalesforceUserId",
                table: "salesforce_connections",
                columns: new[] { "OrganizationId", "SalesforceUserId" },
                unique: true,
                filter: "\"IsAccountConnection\" = FALSE");

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_handoff_links_SalesAccountId",
                table: "salesforce_handoff_links",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_handoff_links_TokenHash",
                table: "salesforce_handoff_links",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "salesforce_handoff_links");

            migrationBuilder.DropIndex(
                name: "IX_salesforce_connections_one_account_connection",
                table: "salesforce_connections");

            migrationBuilder.DropIndex(
                name: "IX_salesforce_connections_OrganizationId_SalesforceUserId",
                table: "salesforce_connections");

            migrationBuilder.DropColumn(
                name: "CheckedBy",
                table: "salesforce_package_checks");

            migrationBuilder.DropColumn(
                name: "CheckedByMemberId",
                table: "salesforce_package_checks");

            migrationBuilder.DropColumn(
                name: "ItemsJson",
                table: "salesforce_package_checks");

            migrationBuilder.DropColumn(
                name: "ConnectedByEmail",
                table: "salesforce_connections");

            migrationBuilder.DropColumn(
                name: "ConnectedByMemberId",
                table: "salesforce_connections");

            migrationBuilder.AlterColumn<Guid>(
                name: "MemberId",
                table: "salesforce_connections",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_connections_OrganizationId_SalesforceUserId",
                table: "salesforce_connections",
                columns: new[] { "OrganizationId", "SalesforceUserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_connections_SalesAccountId",
                table: "salesforce_connections",
                column: "SalesAccountId");
        }
    }
}
