using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Workflows.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HttpEndpointBookmarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_workflow_bookmarks_http_endpoint",
                table: "workflow_bookmarks",
                columns: new[] { "stimulus_hash", "correlation_id" },
                filter: "name = 'Elsa.HttpEndpoint'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_bookmarks_http_endpoint",
                table: "workflow_bookmarks");
        }
    }
}
