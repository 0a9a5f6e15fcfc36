using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LeanerStepIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_journal_kind_timestamp",
                table: "workflow_journal");

            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_finished_at",
                table: "workflow_instances");

            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_status_created_at",
                table: "workflow_instances");

            migrationBuilder.DropIndex(
                name: "ix_workflow_bookmarks_name_status_instance_id_activity_id",
                table: "workflow_bookmarks");

            migrationBuilder.RenameIndex(
                name: "ix_workflow_instances_finished_at1",
                table: "workflow_instances",
                newName: "ix_workflow_instances_finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_journal_kind_timestamp",
                table: "workflow_journal",
                columns: new[] { "kind", "timestamp" },
                filter: "kind NOT IN ('ActivityStarted', 'ActivityCompleted', 'BookmarkCreated', 'BookmarkResumed', 'BookmarkWithdrawn')");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_bookmarks_name_status_instance_id_activity_id",
                table: "workflow_bookmarks",
                columns: new[] { "name", "status", "instance_id", "activity_id" },
                filter: "resume_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_journal_kind_timestamp",
                table: "workflow_journal");

            migrationBuilder.DropIndex(
                name: "ix_workflow_bookmarks_name_status_instance_id_activity_id",
                table: "workflow_bookmarks");

            migrationBuilder.RenameIndex(
                name: "ix_workflow_instances_finished_at",
                table: "workflow_instances",
                newName: "ix_workflow_instances_finished_at1");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_journal_kind_timestamp",
                table: "workflow_journal",
                columns: new[] { "kind", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_finished_at",
                table: "workflow_instances",
                column: "finished_at",
                filter: "status = 'Finished' AND personal_data_erased_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_status_created_at",
                table: "workflow_instances",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_bookmarks_name_status_instance_id_activity_id",
                table: "workflow_bookmarks",
                columns: new[] { "name", "status", "instance_id", "activity_id" });
        }
    }
}
