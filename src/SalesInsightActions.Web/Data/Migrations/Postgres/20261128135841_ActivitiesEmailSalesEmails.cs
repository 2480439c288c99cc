using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ActivitiesEmailSalesEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FromAddress",
                table: "outbox_emails",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromName",
                table: "outbox_emails",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyToAddress",
                table: "outbox_emails",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "inbound_mail_secrets",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtectedSecret = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbound_mail_secrets", x => x.SalesAccountId);
                    table.ForeignKey(
                        name: "FK_inbound_mail_secrets_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_emails",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonMarketoId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    OutboxEmailId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TemplateName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Links = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenCount = table.Column<int>(type: "integer", nullable: false),
                    FirstOpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastOpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClickCount = table.Column<int>(type: "integer", nullable: false),
                    RepliedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BouncedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_emails", x => new { x.SalesAccountId, x.Id });
                    table.ForeignKey(
                        name: "FK_sales_emails_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_inbound_mail_secrets_SalesAccountId",
                table: "inbound_mail_secrets",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_emails_SalesAccountId",
                table: "sales_emails",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_emails_SalesAccountId_MessageId",
                table: "sales_emails",
                columns: new[] { "SalesAccountId", "MessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_emails_SalesAccountId_PersonMarketoId",
                table: "sales_emails",
                columns: new[] { "SalesAccountId", "PersonMarketoId" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_emails_TokenHash",
                table: "sales_emails",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbound_mail_secrets");

            migrationBuilder.DropTable(
                name: "sales_emails");

            migrationBuilder.DropColumn(
                name: "FromAddress",
                table: "outbox_emails");

            migrationBuilder.DropColumn(
                name: "FromName",
                table: "outbox_emails");

            migrationBuilder.DropColumn(
                name: "ReplyToAddress",
                table: "outbox_emails");
        }
    }
}
