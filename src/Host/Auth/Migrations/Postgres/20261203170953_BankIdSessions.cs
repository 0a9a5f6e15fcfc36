using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Elsa.Kundportal.Host.Auth.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderRef = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AutoStartToken = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    QrStartToken = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    QrStartSecret = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    PersonalNumber = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    Decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Form = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DocumentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SessionStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HintCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ErrorCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CollectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Completion = table.Column<string>(type: "text", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalBankIdSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PortalBankIdSimulatorOrders",
                columns: table => new
                {
                    OrderRef = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    AutoStartToken = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    QrStartToken = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    QrStartSecret = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PersonalNumber = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    EndUserIp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserVisibleData = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    UserNonVisibleData = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Answer = table.Column<bool>(type: "boolean", nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SignerPersonalNumber = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    SignerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    OrderRef = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Answer = table.Column<bool>(type: "boolean", nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AutoStartToken = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserVisibleData = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
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
