using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CampaignsAndTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "email_templates",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_email_templates", x => new { x.SalesAccountId, x.Id });
                    table.ForeignKey(
                        name: "FK_email_templates_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_campaigns",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ArchivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_campaigns", x => new { x.SalesAccountId, x.Id });
                    table.ForeignKey(
                        name: "FK_sales_campaigns_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_campaign_members",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonMarketoId = table.Column<long>(type: "bigint", nullable: false),
                    AddedByMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_campaign_members", x => new { x.SalesAccountId, x.CampaignId, x.PersonMarketoId });
                    table.ForeignKey(
                        name: "FK_sales_campaign_members_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_sales_campaign_members_sales_campaigns_SalesAccountId_Campa~",
                        columns: x => new { x.SalesAccountId, x.CampaignId },
                        principalTable: "sales_campaigns",
                        principalColumns: new[] { "SalesAccountId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_campaign_steps",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    DayOffset = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_campaign_steps", x => new { x.SalesAccountId, x.Id });
                    table.ForeignKey(
                        name: "FK_sales_campaign_steps_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_sales_campaign_steps_sales_campaigns_SalesAccountId_Campaig~",
                        columns: x => new { x.SalesAccountId, x.CampaignId },
                        principalTable: "sales_campaigns",
                        principalColumns: new[] { "SalesAccountId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_email_templates_SalesAccountId",
                table: "email_templates",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_email_templates_SalesAccountId_Name",
                table: "email_templates",
                columns: new[] { "SalesAccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sales_campaign_members_page",
                table: "sales_campaign_members",
                columns: new[] { "SalesAccountId", "CampaignId", "AddedAt", "PersonMarketoId" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_campaign_members_SalesAccountId",
                table: "sales_campaign_members",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_campaign_members_SalesAccountId_PersonMarketoId",
                table: "sales_campaign_members",
                columns: new[] { "SalesAccountId", "PersonMarketoId" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_campaign_steps_SalesAccountId",
                table: "sales_campaign_steps",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_campaign_steps_SalesAccountId_CampaignId_Position",
                table: "sales_campaign_steps",
                columns: new[] { "SalesAccountId", "CampaignId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_campaigns_SalesAccountId",
                table: "sales_campaigns",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_campaigns_SalesAccountId_Name",
                table: "sales_campaigns",
                columns: new[] { "SalesAccountId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_templates");

            migrationBuilder.DropTable(
                name: "sales_campaign_members");

            migrationBuilder.DropTable(
                name: "sales_campaign_steps");

            migrationBuilder.DropTable(
                name: "sales_campaigns");
        }
    }
}
