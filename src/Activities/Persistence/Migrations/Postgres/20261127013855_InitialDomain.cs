using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Elsa.Kundportal.Activities.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialDomain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "counters",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counters", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_number = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    has_customer_agreement = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organisations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "services",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    requires_care_units_on_first_order = table.Column<bool>(type: "boolean", nullable: false),
                    startup_fee = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_services", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    mobile = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_number = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    organisation_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    agent_organisation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    administrator_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    administrator_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    administrator_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    signatory_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    signatory_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    signatory_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    agreement_contact_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    agreement_contact_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    agreement_contact_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    decision_reason = table.Column<string>(type: "text", nullable: true),
                    workflow_instance_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_applications_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "care_units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hsa_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_care_units", x => x.id);
                    table.ForeignKey(
                        name: "fk_care_units_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offerings",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    service_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offerings", x => x.code);
                    table.ForeignKey(
                        name: "fk_offerings_services_service_code",
                        column: x => x.service_code,
                        principalTable: "services",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    customer_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    offering_code = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    workflow_instance_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ordered_by_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ordered_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    placed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    terms_accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    startup_fee = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    ordinal_for_service = table.Column<int>(type: "integer", nullable: false),
                    reviewed_by_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    agent_terms_accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    invoice_organisation_number = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    invoice_reference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    invoice_address = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    agent_attestant_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    agent_attested_by_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    agent_attested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    agent_attestation_method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    agent_attestation_reference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    customer_attested_by_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    customer_attested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    customer_attestation_method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    customer_attestation_reference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    close_reason = table.Column<string>(type: "text", nullable: true),
                    participants = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_orders_organisations_agent_organisation_id",
                        column: x => x.agent_organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_orders_organisations_customer_organisation_id",
                        column: x => x.customer_organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_orders_services_service_code",
                        column: x => x.service_code,
                        principalTable: "services",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "role_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    service_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    assigned_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_assignments_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_role_assignments_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agreements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signatory_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    signatory_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    signed_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    signing_method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    signing_reference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    declined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decline_reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreements", x => x.id);
                    table.ForeignKey(
                        name: "fk_agreements_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_agreements_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_number = table.Column<long>(type: "bigint", nullable: false),
                    offering_code = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    care_unit_hsa_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    care_unit_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_lines_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "counters",
                columns: new[] { "name", "value" },
                values: new object[,]
                {
                    { "case-number", 1000000L },
                    { "item-number", 500000L }
                });

            migrationBuilder.CreateIndex(
                name: "ix_agreements_application_id",
                table: "agreements",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_agreements_organisation_id",
                table: "agreements",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "ix_applications_organisation_id",
                table: "applications",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "ix_care_units_organisation_id_hsa_id",
                table: "care_units",
                columns: new[] { "organisation_id", "hsa_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_offerings_service_code",
                table: "offerings",
                column: "service_code");

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_item_number",
                table: "order_lines",
                column: "item_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_order_id",
                table: "order_lines",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_agent_organisation_id",
                table: "orders",
                column: "agent_organisation_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_case_number",
                table: "orders",
                column: "case_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_customer_organisation_id_service_code",
                table: "orders",
                columns: new[] { "customer_organisation_id", "service_code" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_service_code",
                table: "orders",
                column: "service_code");

            migrationBuilder.CreateIndex(
                name: "ix_orders_workflow_instance_id",
                table: "orders",
                column: "workflow_instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_organisations_organisation_number",
                table: "organisations",
                column: "organisation_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_role_assignments_organisation_id_role_service_code",
                table: "role_assignments",
                columns: new[] { "organisation_id", "role", "service_code" });

            migrationBuilder.CreateIndex(
                name: "ix_role_assignments_user_id_organisation_id_role_service_code",
                table: "role_assignments",
                columns: new[] { "user_id", "organisation_id", "role", "service_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreements");

            migrationBuilder.DropTable(
                name: "care_units");

            migrationBuilder.DropTable(
                name: "counters");

            migrationBuilder.DropTable(
                name: "offerings");

            migrationBuilder.DropTable(
                name: "order_lines");

            migrationBuilder.DropTable(
                name: "role_assignments");

            migrationBuilder.DropTable(
                name: "applications");

            migrationBuilder.DropTable(
                name: "orders");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "organisations");

            migrationBuilder.DropTable(
                name: "services");
        }
    }
}
