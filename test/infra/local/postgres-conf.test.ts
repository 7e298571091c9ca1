import { requiredParametersFor } from "../../../components/catalog";
import { AUDIT_ROLE, confLiteral, renderHbaConf, renderPostgresqlConf } from "../../../infra/local-twin/postgres-conf";

const settingLines = (conf: string) => conf.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

describe("renderPostgresqlConf", () => {
    test("declares every catalog parameter with its desired value", () => {
        const conf = renderPostgresqlConf();
        for (const p of requiredParametersFor("self-managed")) {
            expect(settingLines(conf)).toContain(`${p.name} = '${p.desired}'`);
        }
        expect(settingLines(conf)).toEqual(
            expect.arrayContaining([
                "ssl = 'on'",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                `pgaudit.role = '${AUDIT_ROLE}'`,
                "log_destination = 'jsonlog'",
                "logging_collector = 'on'",
                "log_statement = 'none'",
            ]),
        );
        expect(AUDIT_ROLE).toBe("rds_pgaudit");
    });

    test("overrides replace a profile value in place and never duplicate it", () => {
        const lines = settingLines(renderPostgresqlConf({ ssl_min_protocol_version: "TLSv1", work_mem: "64MB" }));
        expect(lines.filter((l) => l.startsWith("ssl_min_protocol_version"))).toEqual(["ssl_min_protocol_version = 'TLSv1'"]);
        expect(lines[lines.length - 1]).toBe("work_mem = '64MB'");
    });

    test("values are quoted as postgresql.conf literals", () => {
        expect(confLiteral("it's")).toBe("'it''s'");
        expect(confLiteral("a\\b")).toBe("'a\\\\b'");
        expect(settingLines(renderPostgresqlConf({ application_name: "x' ssl = 'off" }))).toContain("application_name = 'x'' ssl = ''off'");
    });

    test("rejects a name that is not a parameter name, and multi-line values", () => {
        expect(() => renderPostgresqlConf({ "ssl = off\nfoo": "1" })).toThrow("[settings] 'ssl = off\nfoo' is not a PostgreSQL parameter name");
        expect(() => renderPostgresqlConf({ work_mem: "1\nssl = off" })).toThrow("[settings] the value of 'work_mem' must be a single-line string");
    });
});

describe("renderHbaConf", () => {
    test("hostssl with scram-sha-256 from loopback only; no host or local line", () => {
        expect(settingLines(renderHbaConf()).map((l) => l.split(/\s+/))).toEqual([
            ["hostssl", "all", "all", "127.0.0.1/32", "scram-sha-256"],
            ["hostssl", "all", "all", "::1/128", "scram-sha-256"],
        ]);
    });
});
