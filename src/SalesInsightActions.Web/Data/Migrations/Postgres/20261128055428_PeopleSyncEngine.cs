using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesInsightActions.Web.Sync.Scheduling;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PeopleSyncEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Quartz's clustered job store (PostgreSQL only; SQLite runs Quartz in memory).
            foreach (var statement in QuartzSchema.PostgresStatements())
            {
                migrationBuilder.Sql(statement);
            }

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "sync_states",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastErrorAt",
                table: "sync_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastRunAt",
                table: "sync_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastSuccessAt",
                table: "sync_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "sync_states",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedUntil",
                table: "sync_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ProgressDone",
                table: "sync_states",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProgressStartedAt",
                table: "sync_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ProgressTotal",
                table: "sync_states",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "QuotaLimit",
                table: "sync_states",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "QuotaUsed",
                table: "sync_states",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "sync_states",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Queued");

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "sync_states",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    sales_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    marketo_id = table.Column<long>(type: "bigint", nullable: false),
                    first_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    last_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    email = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    company = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    title = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    phone = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    linkedin_url = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    source = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    sfdc_contact_id = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    sfdc_lead_id = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    sfdc_account_id = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    sfdc_opportunity_id = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    sfdc_owner_id = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    sfdc_owner_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    marketo_created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    marketo_updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    content_hash = table.Column<long>(type: "bigint", nullable: false),
                    first_synced_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    changed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    search_name = table.Column<string>(type: "character varying(511)", maxLength: 511, nullable: false),
                    search_last_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    search_email = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    search_company = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_people", x => new { x.sales_account_id, x.marketo_id });
                    table.ForeignKey(
                        name: "FK_people_sales_accounts_sales_account_id",
                        column: x => x.sales_account_id,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sync_checkpoints",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Stream = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Phase = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RunStartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PagingToken = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    CursorAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CursorId = table.Column<long>(type: "bigint", nullable: false),
                    ExportId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ExportRowsConsumed = table.Column<long>(type: "bigint", nullable: false),
                    UseRestFallback = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_checkpoints", x => new { x.SalesAccountId, x.Stream });
                    table.ForeignKey(
                        name: "FK_sync_checkpoints_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sync_rejected_people",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    MarketoId = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RejectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_rejected_people", x => new { x.SalesAccountId, x.MarketoId });
                    table.ForeignKey(
                        name: "FK_sync_rejected_people_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_people_sales_account_id",
                table: "people",
                column: "sales_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_search_company",
                table: "people",
                columns: new[] { "sales_account_id", "search_company" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_email",
                table: "people",
                columns: new[] { "sales_account_id", "search_email" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_last_name",
                table: "people",
                columns: new[] { "sales_account_id", "search_last_name" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_name",
                table: "people",
                columns: new[] { "sales_account_id", "search_name" });

            migrationBuilder.CreateIndex(
                name: "IX_sync_checkpoints_SalesAccountId",
                table: "sync_checkpoints",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_sync_rejected_people_SalesAccountId",
                table: "sync_rejected_people",
                column: "SalesAccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in QuartzSchema.PostgresDropStatements())
            {
                migrationBuilder.Sql(statement);
            }

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "sync_checkpoints");

            migrationBuilder.DropTable(
                name: "sync_rejected_people");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "LastErrorAt",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "LastRunAt",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "LastSuccessAt",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "PauseReason",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "PausedUntil",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "ProgressDone",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "ProgressStartedAt",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "ProgressTotal",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "QuotaLimit",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "QuotaUsed",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "sync_states");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "sync_states");
        }
    }
}
