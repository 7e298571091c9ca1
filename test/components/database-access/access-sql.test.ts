import { renderAccessSql, renderRoleSql, renderTableSql } from "../../../components/database-access/access-sql";
import { AccessModel } from "../../../components/database-access/model";
import { rolePasswordSql, scramSha256Verifier } from "../../../components/database-access/password-sql";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { dollarQuote, qualified, quoteIdent, quoteLiteral } from "../../../components/database-access/sql-quote";
import { rlsPolicyRuleSql } from "../../../components/database-access/tenant-isolation-sql";
import { resolveAccessModel } from "../../../components/database-access/model";
import { AccessModelError } from "../../../components/database-access/validate";

describe("quoting (quote_ident / quote_literal semantics)", () => {
    test.each([
        ["users", '"users"'],
        ['we"ird', '"we""ird"'],
        ["Mixed Case", '"Mixed Case"'],
        ["select", '"select"'],
    ])("quoteIdent(%j)", (name, quoted) => expect(quoteIdent(name)).toBe(quoted));

    test.each([
        ["plain", "'plain'"],
        ["it's", "'it''s'"],
        ["back\\slash", "E'back\\\\slash'"],
        ["'; DROP TABLE x; --", "'''; DROP TABLE x; --'"],
    ])("quoteLiteral(%j)", (value, quoted) => expect(quoteLiteral(value)).toBe(quoted));

    test("qualified names quote each part; NUL and dollar fences are refused", () => {
        expect(qualified("app", "t")).toBe('"app"."t"');
        expect(() => quoteIdent("a\0b")).toThrow("an identifier cannot contain a NUL character");
        expect(() => quoteLiteral("a\0b")).toThrow("a string literal cannot contain a NUL character");
        expect(() => dollarQuote("x $hpg$ y")).toThrow("a DO body cannot contain $hpg$");
    });
});

describe("renderAccessSql", () => {
    test("validates first: a bad model renders nothing", () => {
        const bad = { ...SAMPLE_ACCESS_MODEL, loginRoles: [{ ...SAMPLE_ACCESS_MODEL.loginRoles[1], superuser: true }] };
        expect(() => renderAccessSql(bad, "self-managed")).toThrow(AccessModelError);
    });

    test("is both phases in order", () => {
        expect(renderAccessSql(SAMPLE_ACCESS_MODEL, "rds")).toEqual([...renderRoleSql(SAMPLE_ACCESS_MODEL, "rds"), ...renderTableSql(SAMPLE_ACCESS_MODEL, "rds")]);
    });

    test("quotes every identifier and escapes every literal", () => {
        const sql = renderRoleSql(SAMPLE_ACCESS_MODEL, "self-managed");
        expect(sql).toContain('ALTER ROLE "svc_api" LOGIN NOSUPERUSER NOREPLICATION NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT CONNECTION LIMIT 50');
        expect(sql).toContain('ALTER ROLE "svc_api" SET statement_timeout = 30000');
        expect(sql).toContain('GRANT "hpg_app_rw" TO "svc_api"');
        expect(sql).toContain('ALTER ROLE "svc_migrate" LOGIN NOSUPERUSER NOREPLICATION NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT CONNECTION LIMIT 2');
        expect(sql).toContain("ALTER ROLE \"svc_migrate\" SET role = 'hpg_owner'");
        expect(sql).toContain('ALTER DEFAULT PRIVILEGES FOR ROLE "hpg_owner" IN SCHEMA "app" GRANT SELECT, INSERT, UPDATE ON TABLES TO "hpg_app_rw"');
        expect(sql).toContain("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS "pgaudit"');
        expect(sql.join("\n")).not.toMatch(/GRANT ALL|ON TABLES TO "hpg_analytics_ro"/);
    });

    test("RDS: no superuser-only attributes, rds_iam for IAM logins, the master acts as the owner", () => {
        const model: AccessModel = { ...SAMPLE_ACCESS_MODEL, loginRoles: SAMPLE_ACCESS_MODEL.loginRoles.map((l) => (l.name === "svc_api" ? { ...l, auth: "iam" as const } : l)) };
        const sql = renderRoleSql(model, "rds");
        expect(sql).toContain('ALTER ROLE "svc_api" LOGIN NOCREATEDB NOCREATEROLE INHERIT CONNECTION LIMIT 50');
        expect(sql.join("\n")).not.toMatch(/NOSUPERUSER|NOBYPASSRLS|NOREPLICATION/);
        expect(sql).toContain('GRANT "rds_iam" TO "svc_api"');
        expect(sql).toContain('GRANT "hpg_owner" TO CURRENT_USER');
        expect(renderRoleSql(model, "self-managed").join("\n")).not.toContain("rds_iam");
    });

    test("tables: exact grants, DELETE only where declared, audit grants on classified tables, isolation through the helper", () => {
        const sql = renderTableSql(SAMPLE_ACCESS_MODEL, "self-managed");
        expect(sql).toEqual(
            expect.arrayContaining([
                'SET ROLE "hpg_owner"',
                'REVOKE ALL ON TABLE "app"."patients" FROM PUBLIC, "hpg_app_rw", "hpg_analytics_ro", "hpg_auditor", "rds_pgaudit"',
                'GRANT SELECT, INSERT, UPDATE ON TABLE "app"."patients" TO "hpg_app_rw"',
                'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "app"."appointments" TO "hpg_app_rw"',
                'GRANT SELECT ON TABLE "app"."clinics" TO "hpg_analytics_ro"',
                'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "app"."patients" TO "rds_pgaudit"',
                "SELECT \"hpg\".\"enable_tenant_isolation\"('\"app\".\"patients\"'::regclass, 'tenant_id')",
                "RESET ROLE",
            ]),
        );
        expect(sql).not.toContain('GRANT SELECT ON TABLE "app"."patients" TO "hpg_analytics_ro"');
        expect(sql).not.toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "app"."clinics" TO "rds_pgaudit"');
    });

    test("the tenant rule reads the context once per statement, only when bound to this transaction, and fails closed on unset or empty", () => {
        const m = resolveAccessModel({ ...SAMPLE_ACCESS_MODEL, tenant: { setting: "acme.org_id", column: "org_id", type: "bigint" } });
        expect(rlsPolicyRuleSql(m)).toBe(
            `"org_id" = (select case when pg_catalog.current_setting('hpg.tenant_transaction', true) = (extract(epoch from pg_catalog.transaction_timestamp()))::text then nullif(pg_catalog.current_setting('acme.org_id', true), '')::bigint end)`,
        );
    });
});

describe("passwords", () => {
    test("the server gets a SCRAM-SHA-256 verifier, never the password", () => {
        const salt = Buffer.alloc(16, 1);
        const sql = rolePasswordSql("svc_api", "correct horse battery staple", salt);
        expect(sql).toBe(`ALTER ROLE "svc_api" PASSWORD '${scramSha256Verifier("correct horse battery staple", salt)}'`);
        expect(sql).not.toContain("correct horse");
        expect(scramSha256Verifier("x", salt)).toMatch(/^SCRAM-SHA-256\$4096:AQEBAQEBAQEBAQEBAQEBAQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    });

    test("refuses passwords SASLprep would change, and short salts", () => {
        expect(() => scramSha256Verifier("pässword")).toThrow("a role password must be non-empty printable ASCII");
        expect(() => scramSha256Verifier("")).toThrow("a role password must be non-empty printable ASCII");
        expect(() => scramSha256Verifier("x", Buffer.alloc(8))).toThrow("a SCRAM salt must be at least 16 bytes");
    });
});
