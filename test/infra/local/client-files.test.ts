import { clusterHandle } from "../../../infra/local-twin/cluster";
import { clientFiles, psqlInvocation, renderPassFile, renderServiceFile } from "../../../infra/local-twin/client-files";

const h = clusterHandle("/clone/.hpg/local", 54329, "/var/lib/hardened-postgres/0123456789abcdef");

test("the service file: one verify-full service per role, against the local CA, without passwords", () => {
    expect(renderServiceFile(h, "hpg_app", ["svc_api"])).toBe(
        [
            "# Written by hardened-postgres local up, rewritten at each up. Passwords are in the pgpass file beside it.",
            "",
            "[hpg-svc_api]",
            "host=127.0.0.1",
            "port=54329",
            "dbname=hpg_app",
            "user=svc_api",
            "sslmode=verify-full",
            "sslrootcert=/clone/.hpg/local/tls/ca.crt",
            "",
        ].join("\n"),
    );
});

test("the password file escapes ':' and '\\' as libpq reads them", () => {
    expect(renderPassFile(h, "hpg_app", [{ role: "svc_api", password: "a:b\\c" }])).toBe("127.0.0.1:54329:hpg_app:svc_api:a\\:b\\\\c\n");
});

test("psql gets the role's service in argv and the files in its environment; the caller's PG* variables are dropped", () => {
    const files = clientFiles(h.dataDir);
    const run = psqlInvocation("/usr/lib/postgresql/15/bin/psql", files, "svc_api", ["-c", "select 1"], { PATH: "/usr/bin", PGPASSWORD: "elsewhere", PGHOST: "db.example" });
    expect(run).toEqual({
        program: "/usr/lib/postgresql/15/bin/psql",
        args: ["--dbname", "service=hpg-svc_api", "-c", "select 1"],
        env: { PATH: "/usr/bin", PGSERVICEFILE: "/clone/.hpg/local/pg_service.conf", PGPASSFILE: "/clone/.hpg/local/pgpass" },
    });
});
