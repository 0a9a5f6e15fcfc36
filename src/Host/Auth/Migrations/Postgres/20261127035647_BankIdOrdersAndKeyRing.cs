using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Elsa.Kundportal.Host.Auth.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BankIdOrdersAndKeyRing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PortalBankIdOrders",
                columns: table => new
                {
                    OrderRef = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    AutoStartToken = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UserVisibleData = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Answer = table.Column<bool>(type: "boolean", nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalBankIdOrders", x => x.OrderRef);
                });

            migrationBuilder.CreateTable(
                name: "PortalDataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalDataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PortalOneTimeCodes_Email_CreatedAt",
                table: "PortalOneTimeCodes",
                columns: new[] { "Email", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PortalBankIdOrders_AutoStartToken",
                table: "PortalBankIdOrders",
                column: "AutoStartToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PortalBankIdOrders_StartedAt",
                table: "PortalBankIdOrders",
                column: "StartedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PortalBankIdOrders");

            migrationBuilder.DropTable(
                name: "PortalDataProtectionKeys");

            migrationBuilder.DropIndex(
                name: "IX_PortalOneTimeCodes_Email_CreatedAt",
                table: "PortalOneTimeCodes");
        }
    }
}
