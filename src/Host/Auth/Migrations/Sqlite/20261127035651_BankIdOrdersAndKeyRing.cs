using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Host.Auth.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BankIdOrdersAndKeyRing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The codes' times become UTC ticks. Codes live five minutes, so the table is made anew rather than converted
            // (whoever waited for a code asks for a new one); SQLite would otherwise rebuild it outside the transaction.
            migrationBuilder.DropTable(
                name: "PortalOneTimeCodes");

            migrationBuilder.CreateTable(
                name: "PortalOneTimeCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalOneTimeCodes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PortalOneTimeCodes_Email_Purpose",
                table: "PortalOneTimeCodes",
                columns: new[] { "Email", "Purpose" });

            migrationBuilder.CreateTable(
                name: "PortalBankIdOrders",
                columns: table => new
                {
                    OrderRef = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    AutoStartToken = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserVisibleData = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Answer = table.Column<bool>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalBankIdOrders", x => x.OrderRef);
                });

            migrationBuilder.CreateTable(
                name: "PortalDataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
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

            migrationBuilder.DropTable(
                name: "PortalOneTimeCodes");

            migrationBuilder.CreateTable(
                name: "PortalOneTimeCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalOneTimeCodes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PortalOneTimeCodes_Email_Purpose",
                table: "PortalOneTimeCodes",
                columns: new[] { "Email", "Purpose" });
        }
    }
}
