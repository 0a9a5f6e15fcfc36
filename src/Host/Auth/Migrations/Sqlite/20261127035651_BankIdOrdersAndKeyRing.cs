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
            // The codes' times become UTC ticks; codes live five minutes, so the few stored as text are dropped
            // (whoever waited for one asks for a new code) rather than converted.
            migrationBuilder.Sql("DELETE FROM \"PortalOneTimeCodes\";");

            migrationBuilder.AlterColumn<long>(
                name: "UsedAt",
                table: "PortalOneTimeCodes",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "ExpiresAt",
                table: "PortalOneTimeCodes",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(DateTimeOffset),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<long>(
                name: "CreatedAt",
                table: "PortalOneTimeCodes",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(DateTimeOffset),
                oldType: "TEXT");

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

            migrationBuilder.DropIndex(
                name: "IX_PortalOneTimeCodes_Email_CreatedAt",
                table: "PortalOneTimeCodes");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "UsedAt",
                table: "PortalOneTimeCodes",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "ExpiresAt",
                table: "PortalOneTimeCodes",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "CreatedAt",
                table: "PortalOneTimeCodes",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");
        }
    }
}
