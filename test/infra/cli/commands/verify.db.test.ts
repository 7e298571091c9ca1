import { freePort } from "../../../support/pg-cluster";
import { runCli, spawnCli } from "../../../support/cli-run";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../support/live-cluster";
import { LIVE_CHECKS } from "../../../../policies/live/pack";

const N = LIVE_CHECKS.length;

let db: ProvisionedCluster;
const auditor = roleOf("auditor");
const api = roleOf("app_rw");

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

/** The auditor's URL with another password, port or query. */
function auditorUrl(change: (u: URL) => void): string {
    const u = new URL(db.url(auditor));
    change(u);
    return u.toString();
}

const password = () => decodeURIComponent(new URL(db.url(auditor)).password);

test("a compliant server: exit 0, one line per control, the password printed nowhere (separate process)", async () => {
    const run = await spawnCli(["verify", "--url", db.url(auditor)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe(auditorUrl((u) => (u.password = "")));
    expect(lines.filter((l) => /^PASS {2}HPG-/.test(l))).toHaveLength(N);
    expect(lines[lines.length - 1]).toBe(`${N} live controls: ${N} passed, 0 failed, 0 could not be checked (--verbose shows every query and row; --json for machines)`);
    expect(run.stdout).not.toContain(password());
});

test("--json gives each control's id, status and evidence (query text and rows)", async () => {
    const run = await runCli(["verify", "--url", db.url(auditor), "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results.map((r: { control: string }) => r.control)).toEqual(LIVE_CHECKS.map((c) => c.control.id));
    const tls02 = report.results.find((r: { control: string }) => r.control === "HPG-TLS-02");
    expect(tls02.status).toBe("pass");
    expect(tls02.evidence[0]).toEqual({ title: "Effective ssl_min_protocol_version", sql: "SHOW ssl_min_protocol_version", rows: [{ ssl_min_protocol_version: "TLSv1.2" }] });
    expect(run.stdout).not.toContain(password());
});

test("a failed control: exit 1, FAIL with the finding", async () => {
    await db.admin.query(`ALTER ROLE ${api} BYPASSRLS`);
    try {
        const run = await runCli(["verify", "--url", db.url(auditor)]);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(`FAIL  HPG-ROLE-01  No privileged login roles\n        - login role ${api} is not a declared admin but has BYPASSRLS; fix: ALTER ROLE ${api} NOBYPASSRLS, or declare ${api} with --admin-role if it is an admin`);
        expect(run.stdout).toContain(`${N} live controls: ${N - 1} passed, 1 failed, 0 could not be checked`);
    } finally {
        await db.admin.query(`ALTER ROLE ${api} NOBYPASSRLS`);
    }
});

test("--admin-role replaces the default admin roles and repeats", async () => {
    const onlyOwner = await runCli(["verify", "--url", db.url(auditor), "--admin-role", "hpg_owner", "--json"]);
    expect(onlyOwner.code).toBe(1);
    expect(JSON.parse(onlyOwner.stdout).results.filter((r: { status: string }) => r.status !== "pass").map((r: { control: string }) => r.control)).toEqual(["HPG-ROLE-01"]);
    const both = await runCli(["verify", "--url", db.url(auditor), "--admin-role", "hpg_owner", "--admin-role=hpg_admin"]);
    expect(both.code).toBe(0);
});

test("a role that cannot read a setting: exit 1 with ERROR, never PASS", async () => {
    const run = await runCli(["verify", "--url", db.url(api)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ERROR HPG-TLS-02 {3}TLS 1\.2 or higher\n {8}\? could not be checked as svc_api: must be superuser or have privileges of pg_read_all_settings/m);
});

test("the password may come from PGPASSWORD instead of the URL", async () => {
    process.env.PGPASSWORD = password();
    try {
        const run = await runCli(["verify", "--url", auditorUrl((u) => (u.password = ""))]);
        expect(run.code).toBe(0);
    } finally {
        delete process.env.PGPASSWORD;
    }
});

describe("environment errors: exit 2 with one clear line, no password", () => {
    test("unreachable server (separate process)", async () => {
        const port = await freePort();
        const run = await spawnCli(["verify", "--url", auditorUrl((u) => (u.port = String(port)))]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toBe(`hardened-postgres verify: cannot reach PostgreSQL at 127.0.0.1:${port}: connection refused (is the server running? for the local cluster: hardened-postgres local up)\n`);
    });

    test("wrong password", async () => {
        const run = await runCli(["verify", "--url", auditorUrl((u) => (u.password = "not-the-password-123"))]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(`hardened-postgres verify: authentication failed for user "${auditor}" at 127.0.0.1:${db.cluster.handle.port} (wrong password?)`);
        expect(run.stderr).not.toContain("not-the-password-123");
    });

    test("a DSN that is not a URL, or not PostgreSQL's", async () => {
        expect(await runCli(["verify", "--url", "host=localhost user=x password=secret"])).toEqual({
            code: 2,
            stdout: "",
            stderr: "hardened-postgres verify: bad DSN: not a URL; expected postgresql://<user>[:<password>]@<host>[:<port>]/<database>[?sslmode=verify-full&sslrootcert=<CA file>]",
        });
        const mysql = await runCli(["verify", "--url", "mysql://u:secret@localhost/db"]);
        expect(mysql.code).toBe(2);
        expect(mysql.stderr).toMatch(/^hardened-postgres verify: bad DSN: scheme 'mysql' is not postgresql;/);
        const param = await runCli(["verify", "--url", auditorUrl((u) => u.searchParams.set("sslcompression", "1"))]);
        expect(param.stderr).toMatch(/^hardened-postgres verify: bad DSN: unsupported parameter 'sslcompression'/);
    });

    test("a connection without TLS is refused by the server", async () => {
        const run = await runCli(["verify", "--url", auditorUrl((u) => u.searchParams.set("sslmode", "disable"))]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(
            `hardened-postgres verify: the server at 127.0.0.1:${db.cluster.handle.port} refused a connection without TLS; use sslmode=verify-full with sslrootcert=<CA file> in --url`,
        );
    });

    test("a server certificate that does not verify (no sslrootcert: the local CA is not a system CA)", async () => {
        const run = await runCli(["verify", "--url", auditorUrl((u) => u.searchParams.delete("sslrootcert"))]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(new RegExp(`^hardened-postgres verify: TLS verification of the server at 127\\.0\\.0\\.1:${db.cluster.handle.port} failed \\((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\\); pass its CA with sslrootcert=<CA file> in --url`));
    });

    test("no password anywhere: says so and where one goes, not node-postgres's SASL message", async () => {
        const saved = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };
        delete process.env.PGPASSWORD;
        process.env.PGPASSFILE = "/nonexistent/pgpass";
        try {
            const run = await runCli(["verify", "--url", auditorUrl((u) => (u.password = ""))]);
            expect(run).toEqual({
                code: 2,
                stdout: "",
                stderr: `hardened-postgres verify: no password for user "${auditor}" at 127.0.0.1:${db.cluster.handle.port}: the server asks for one. Fix: put it in --url (postgresql://${auditor}:<password>@…), or set PGPASSWORD, or name a pgpass file with PGPASSFILE`,
            });
        } finally {
            Object.assign(process.env, saved);
            for (const [k, v] of Object.entries(saved)) {
                if (v === undefined) {
                    delete process.env[k];
                }
            }
        }
    });

    test("the CA is given and right, the host name is not in the certificate: the host name is what is wrong", async () => {
        // 127.1 reaches 127.0.0.1, but the certificate names only localhost and 127.0.0.1.
        const run = await runCli(["verify", "--url", auditorUrl((u) => u.searchParams.set("host", "127.1"))]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(
            `hardened-postgres verify: TLS verification of the server at 127.1:${db.cluster.handle.port} failed: its certificate is not issued for the host name '127.1' ` +
                `(Hostname/IP does not match certificate's altnames: Host: 127.1. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1). Fix: use in --url a host name that the certificate names`,
        );
    });

    test("a CA is given, but not the one that issued the server's certificate", async () => {
        const run = await runCli(["verify", "--url", auditorUrl((u) => u.searchParams.set("sslrootcert", "/etc/ssl/certs/ca-certificates.crt"))]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(
            new RegExp(
                `^hardened-postgres verify: TLS verification of the server at 127\\.0\\.0\\.1:${db.cluster.handle.port} failed \\((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\\): ` +
                    `its certificate is not signed by the CA in sslrootcert=/etc/ssl/certs/ca-certificates.crt \\(.*\\)\\. Fix: pass the CA that issued the server's certificate with sslrootcert=<CA file> in --url$`,
            ),
        );
    });

    test("no --url", async () => {
        const run = await runCli(["verify"]);
        expect(run).toEqual({
            code: 2,
            stdout: "",
            stderr: "hardened-postgres verify: --url <postgresql://user@host:port/database?sslmode=verify-full&sslrootcert=ca.pem> is required (or set HPG_DATABASE_URL)",
        });
    });

    test("an unknown option", async () => {
        const run = await runCli(["verify", "--url", db.url(auditor), "--fast"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^hardened-postgres verify: unknown option '--fast'/);
    });
});

test("a --tenant-column that no table has is a usage error (exit 2), not a silently narrowed HPG-RLS-01", async () => {
    const run = await runCli(["verify", "--url", db.url(auditor), "--tenant-column", "tenant_idd"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
        "hardened-postgres verify: --tenant-column 'tenant_idd' is a column of no table in this database, so no table would be judged as a tenant table; allowed: the tenant column your tables have (default tenant_id)",
    );
    expect(run.stdout).toBe("");
});

test("a database without tables: HPG-RLS-01 and HPG-RLS-02 say in the default output that they passed with nothing to judge", async () => {
    await db.admin.query("CREATE DATABASE empty_app");
    try {
        const url = auditorUrl((u) => (u.pathname = "/empty_app"));
        const run = await runCli(["verify", "--url", url]);
        expect(run.stdout).toContain("PASS  HPG-RLS-01   Tenant isolation by row-level security\n        passed with nothing to judge: no table has the tenant column 'tenant_id' or a classified column");
        expect(run.stdout).toContain("passed with nothing to judge: no table has the tenant column or a classified column, so no view can expose one");
        const json = JSON.parse((await runCli(["verify", "--url", url, "--json"])).stdout);
        expect(json.results.find((r: { control: string }) => r.control === "HPG-RLS-01").vacuous).toBe("no table has the tenant column 'tenant_id' or a classified column");
    } finally {
        await db.admin.query("DROP DATABASE empty_app");
    }
});
