using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperatorActionsAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "personal_data_erased_at",
                table: "workflow_instances",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_finished_at",
                table: "workflow_instances",
                column: "finished_at",
                filter: "status = 'Finished' AND personal_data_erased_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_finished_at",
                table: "workflow_instances");

            migrationBuilder.DropColumn(
                name: "personal_data_erased_at",
                table: "workflow_instances");
        }
    }
}
