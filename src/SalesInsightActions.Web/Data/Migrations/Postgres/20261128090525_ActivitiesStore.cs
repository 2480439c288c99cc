using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Postgres
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
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PersonMarketoId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Payload = table.Column<string>(type: "character varying(16000)", maxLength: 16000, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Destination = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    VendorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ReasonDetail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WrittenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
