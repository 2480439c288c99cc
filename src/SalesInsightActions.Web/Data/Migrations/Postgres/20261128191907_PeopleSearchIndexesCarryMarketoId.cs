using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SalesInsightActions.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PeopleSearchIndexesCarryMarketoId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_people_search_company",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_search_email",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_search_last_name",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_search_name",
                table: "people");

            migrationBuilder.CreateIndex(
                name: "ix_people_search_company",
                table: "people",
                columns: new[] { "sales_account_id", "search_company" })
                .Annotation("Npgsql:IndexInclude", new[] { "marketo_id" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_email",
                table: "people",
                columns: new[] { "sales_account_id", "search_email" })
                .Annotation("Npgsql:IndexInclude", new[] { "marketo_id" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_last_name",
                table: "people",
                columns: new[] { "sales_account_id", "search_last_name" })
                .Annotation("Npgsql:IndexInclude", new[] { "marketo_id" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_name",
                table: "people",
                columns: new[] { "sales_account_id", "search_name" })
                .Annotation("Npgsql:IndexInclude", new[] { "marketo_id" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_people_search_company",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_search_email",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_search_last_name",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_search_name",
                table: "people");

            migrationBuilder.CreateIndex(
                name: "ix_people_search_company",
                table: "people",
                columns: new[] { "sales_account_id", "search_company" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_email",
                table: "people",
                columns: new[] { "sales_account_id", "search_email" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_last_name",
                table: "people",
                columns: new[] { "sales_account_id", "search_last_name" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_search_name",
                table: "people",
                columns: new[] { "sales_account_id", "search_name" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });
        }
    }
}
