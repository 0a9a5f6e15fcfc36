using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Activities.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AgentAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_agent_assignments_organisations_agent_organisation_id",
                        column: x => x.agent_organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agent_assignments_services_service_code",
                        column: x => x.service_code,
                        principalTable: "services",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_assignments_agent_organisation_id_service_code",
                table: "agent_assignments",
                columns: new[] { "agent_organisation_id", "service_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agent_assignments_service_code",
                table: "agent_assignments",
                column: "service_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_assignments");
        }
    }
}
