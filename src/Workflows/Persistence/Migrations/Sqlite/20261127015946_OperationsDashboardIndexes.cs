using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperationsDashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_workflow_journal_kind_timestamp",
                table: "workflow_journal",
                columns: new[] { "kind", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_created_at_id",
                table: "workflow_instances",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_finished_at1",
                table: "workflow_instances",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_running_waiting_at",
                table: "workflow_instances",
                columns: new[] { "definition_id", "version", "waiting_at", "updated_at" },
                filter: "status = 'Running'");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_bookmarks_name_status_instance_id_activity_id",
                table: "workflow_bookmarks",
                columns: new[] { "name", "status", "instance_id", "activity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_status_created_at",
                table: "outbox_messages",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_journal_kind_timestamp",
                table: "workflow_journal");

            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_created_at_id",
                table: "workflow_instances");

            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_finished_at1",
                table: "workflow_instances");

            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_running_waiting_at",
                table: "workflow_instances");

            migrationBuilder.DropIndex(
                name: "ix_workflow_bookmarks_name_status_instance_id_activity_id",
                table: "workflow_bookmarks");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_status_created_at",
                table: "outbox_messages");
        }
    }
}
