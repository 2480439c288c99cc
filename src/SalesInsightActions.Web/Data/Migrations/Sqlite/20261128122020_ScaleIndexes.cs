using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sales_activities_SalesAccountId_PersonMarketoId_OccurredAt",
                table: "sales_activities");

            migrationBuilder.CreateIndex(
                name: "ix_sales_activities_timeline",
                table: "sales_activities",
                columns: new[] { "SalesAccountId", "PersonMarketoId", "OccurredAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sales_activities_timeline",
                table: "sales_activities");

            migrationBuilder.CreateIndex(
                name: "IX_sales_activities_SalesAccountId_PersonMarketoId_OccurredAt",
                table: "sales_activities",
                columns: new[] { "SalesAccountId", "PersonMarketoId", "OccurredAt" });
        }
    }
}
