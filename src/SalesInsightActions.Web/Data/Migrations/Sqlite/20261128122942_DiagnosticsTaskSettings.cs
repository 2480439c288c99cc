using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DiagnosticsTaskSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "salesforce_task_settings",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LoggedKinds = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CallSubjectTemplate = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EmailSubjectTemplate = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_salesforce_task_settings", x => x.SalesAccountId);
                    table.ForeignKey(
                        name: "FK_salesforce_task_settings_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_salesforce_task_settings_SalesAccountId",
                table: "salesforce_task_settings",
                column: "SalesAccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "salesforce_task_settings");
        }
    }
}
