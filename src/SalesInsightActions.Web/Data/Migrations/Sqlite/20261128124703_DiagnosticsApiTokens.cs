using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DiagnosticsApiTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    SalesAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => new { x.SalesAccountId, x.Id });
                    table.ForeignKey(
                        name: "FK_api_tokens_sales_accounts_SalesAccountId",
                        column: x => x.SalesAccountId,
                        principalTable: "sales_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_Hash",
                table: "api_tokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_SalesAccountId",
                table: "api_tokens",
                column: "SalesAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_SalesAccountId_MemberId",
                table: "api_tokens",
                columns: new[] { "SalesAccountId", "MemberId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_tokens");
        }
    }
}
