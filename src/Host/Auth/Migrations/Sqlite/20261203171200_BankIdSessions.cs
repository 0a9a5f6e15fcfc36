using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Host.Auth.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BankIdSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PortalBankIdOrders");

            migrationBuilder.CreateTable(
                name: "PortalBankIdSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderRef = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AutoStartToken = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QrStartToken = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QrStartSecret = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PersonalNumber = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Form = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DocumentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SessionStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HintCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CollectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Completion = table.Column<string>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalBankIdSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PortalBankIdSimulatorOrders",
                columns: table => new
                {
                    OrderRef = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    AutoStartToken = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    QrStartToken = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    QrStartSecret = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PersonalNumber = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    EndUserIp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserVisibleData = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    UserNonVisibleData = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Answer = table.Column<bool>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SignerPersonalNumber = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    SignerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalBankIdSimulatorOrders", x => x.OrderRef);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PortalBankIdSessions_StartedAt",
                table: "PortalBankIdSessions",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PortalBankIdSimulatorOrders_AutoStartToken",
                table: "PortalBankIdSimulatorOrders",
                column: "AutoStartToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PortalBankIdSimulatorOrders_StartedAt",
                table: "PortalBankIdSimulatorOrders",
                column: "StartedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PortalBankIdSessions");

            migrationBuilder.DropTable(
                name: "PortalBankIdSimulatorOrders");

            migrationBuilder.CreateTable(
                name: "PortalBankIdOrders",
                columns: table => new
                {
                    OrderRef = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Answer = table.Column<bool>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AutoStartToken = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UserVisibleData = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalBankIdOrders", x => x.OrderRef);
                });

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
    }
}
