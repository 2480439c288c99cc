using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailOptOutsAndFailedWritesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ListUnsubscribe",
                table: "outbox_emails",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "email_opt_outs",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonMarketoId = table.Column<long>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    SalesEmailId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OptedOutAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SalesforceState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SalesforceId = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReasonDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WrittenAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_email_opt_outs", x => new { x.SalesAccountId, x.PersonMarketoId });
                    table.ForeignKey(
                        name: "FK_email_opt_outs_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_activity_writes_failed",
                table: "activity_writes",
                columns: new[] { "SalesAccountId", "Destination", "Reason", "CreatedAt" },
                filter: "\"State\" = 'Failed'");

            migrationBuilder.CreateIndex(
                name: "IX_email_opt_outs_SalesAccountId",
                table: "email_opt_outs",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_email_opt_outs_SalesAccountId_SalesforceState",
                table: "email_opt_outs",
                columns: new[] { "SalesAccountId", "SalesforceState" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_opt_outs");

            migrationBuilder.DropIndex(
                name: "ix_activity_writes_failed",
                table: "activity_writes");

            migrationBuilder.DropColumn(
                name: "ListUnsubscribe",
                table: "outbox_emails");
        }
    }
}
