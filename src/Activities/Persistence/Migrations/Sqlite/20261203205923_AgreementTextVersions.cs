using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Activities.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgreementTextVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "text_sha256",
                table: "agreements",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "text_version",
                table: "agreements",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "text_sha256",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "text_version",
                table: "agreements");
        }
    }
}
