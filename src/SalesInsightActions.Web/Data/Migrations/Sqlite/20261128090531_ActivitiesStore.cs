using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActivitiesStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sales_activities",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PersonMarketoId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_activities", x => new { x.SalesAccountId, x.Id });
                    table.ForeignKey(
                        name: "FK_sales_activities_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "activity_writes",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VendorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReasonDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WrittenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_writes", x => new { x.SalesAccountId, x.ActivityId, x.Destination });
                    table.ForeignKey(
                        name: "FK_activity_writes_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_activity_writes_sales_activities_SalesAccountId_ActivityId",
                        columns: x => new { x.SalesAccountId, x.ActivityId },
                        principalTable: "sales_activities",
                        principalColumns: new[] { "SalesAccountId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_activity_writes_SalesAccountId",
                table: "activity_writes",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_activity_writes_SalesAccountId_Destination_State_CreatedAt",
                table: "activity_writes",
                columns: new[] { "SalesAccountId", "Destination", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_activities_SalesAccountId",
                table: "sales_activities",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_activities_SalesAccountId_IdempotencyKey",
                table: "sales_activities",
                columns: new[] { "SalesAccountId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_activities_SalesAccountId_PersonMarketoId_OccurredAt",
                table: "sales_activities",
                columns: new[] { "SalesAccountId", "PersonMarketoId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_writes");

            migrationBuilder.DropTable(
                name: "sales_activities");
        }
    }
}
