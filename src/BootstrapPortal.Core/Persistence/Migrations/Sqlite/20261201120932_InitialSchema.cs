using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BootstrapPortal.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    actor_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    target_kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    target_namespace = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    target_name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    target_uid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_certificates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    issuer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    serial_number = table.Column<string>(type: "TEXT", maxLength: 130, nullable: false),
                    sha256_fingerprint = table.Column<string>(type: "TEXT", maxLength: 95, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    node_name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    not_before = table.Column<DateTime>(type: "TEXT", nullable: false),
                    not_after = table.Column<DateTime>(type: "TEXT", nullable: false),
                    chains_to_cluster_ca = table.Column<bool>(type: "INTEGER", nullable: true),
                    csr_uid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    csr_name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    first_seen = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_certificates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_csrs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    csr_uid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    csr_name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    signer_name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    requestor = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    bootstrap_token_id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    node_name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    decision_reason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    decision_message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    decision_source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    failure_message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    issued_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    decode_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    first_seen = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen = table.Column<DateTime>(type: "TEXT", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_csrs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_action",
                table: "audit_records",
                column: "action");

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_actor",
                table: "audit_records",
                column: "actor");

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_time",
                table: "audit_records",
                column: "time");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_certificates_csr_uid",
                table: "ledger_certificates",
                column: "csr_uid");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_certificates_issuer_serial_number",
                table: "ledger_certificates",
                columns: new[] { "issuer", "serial_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_certificates_node_name_kind_not_before",
                table: "ledger_certificates",
                columns: new[] { "node_name", "kind", "not_before" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_certificates_not_after",
                table: "ledger_certificates",
                column: "not_after");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_csrs_csr_name",
                table: "ledger_csrs",
                column: "csr_name");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_csrs_csr_uid",
                table: "ledger_csrs",
                column: "csr_uid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_csrs_last_seen",
                table: "ledger_csrs",
                column: "last_seen");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_csrs_node_name_kind_created_at",
                table: "ledger_csrs",
                columns: new[] { "node_name", "kind", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.DropTable(
                name: "ledger_certificates");

            migrationBuilder.DropTable(
                name: "ledger_csrs");
        }
    }
}
