using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IdempotentStarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "workflow_instances",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "running_key",
                table: "workflow_instances",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_idempotency_key",
                table: "workflow_instances",
                columns: new[] { "definition_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_running_key",
                table: "workflow_instances",
                columns: new[] { "definition_id", "running_key" },
                unique: true,
                filter: "running_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_idempotency_key",
                table: "workflow_instances");

            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_running_key",
                table: "workflow_instances");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "workflow_instances");

            migrationBuilder.DropColumn(
                name: "running_key",
                table: "workflow_instances");
        }
    }
}
