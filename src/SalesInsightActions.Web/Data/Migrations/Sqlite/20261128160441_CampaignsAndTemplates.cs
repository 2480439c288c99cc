using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
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
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ArchivedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonMarketoId = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedByMemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                        name: "FK_sales_campaign_members_sales_campaigns_SalesAccountId_CampaignId",
                        columns: x => new { x.SalesAccountId, x.CampaignId },
                        principalTable: "sales_campaigns",
                        principalColumns: new[] { "SalesAccountId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_campaign_steps",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    DayOffset = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
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
                        name: "FK_sales_campaign_steps_sales_campaigns_SalesAccountId_CampaignId",
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
