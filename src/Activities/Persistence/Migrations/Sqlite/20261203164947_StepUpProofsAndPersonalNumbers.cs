using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Activities.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StepUpProofsAndPersonalNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "personal_number",
                table: "users",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signatory_personal_number",
                table: "applications",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signatory_personal_number",
                table: "agreements",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signed_document_hash",
                table: "agreements",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "step_up_proofs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    bookmark_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    decision = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    document_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    personal_number = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    completion = table.Column<string>(type: "TEXT", nullable: true),
                    verified_at = table.Column<long>(type: "INTEGER", nullable: false),
                    session_started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    consumed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_step_up_proofs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_personal_number",
                table: "users",
                column: "personal_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_step_up_proofs_bookmark_id_email_decision",
                table: "step_up_proofs",
                columns: new[] { "bookmark_id", "email", "decision" });

            migrationBuilder.CreateIndex(
                name: "ix_step_up_proofs_instance_id",
                table: "step_up_proofs",
                column: "instance_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "step_up_proofs");

            migrationBuilder.DropIndex(
                name: "ix_users_personal_number",
                table: "users");

            migrationBuilder.DropColumn(
                name: "personal_number",
                table: "users");

            migrationBuilder.DropColumn(
                name: "signatory_personal_number",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "signatory_personal_number",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "signed_document_hash",
                table: "agreements");
        }
    }
}
