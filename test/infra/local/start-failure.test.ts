import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { entriesSince, markLogs, startFailureReason } from "../../../infra/local-twin/start-failure";

/** What PostgreSQL 15 logged for a start on a busy port: the cause is a LOG line between other lines. */
const BUSY_PORT_JSON = [
    { error_severity: "LOG", message: "starting PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu" },
    { error_severity: "LOG", message: 'could not bind IPv4 address "127.0.0.1": Address already in use', hint: "Is another postmaster already running on port 5432? If not, wait a few seconds and retry." },
    { error_severity: "WARNING", message: 'could not create listen socket for "127.0.0.1"' },
    { error_severity: "FATAL", message: "could not create any TCP/IP sockets" },
    { error_severity: "LOG", message: "database system is shut down" },
]
    .map((e) => JSON.stringify(e))
    .join("\n");

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-startlog-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a busy port: the bind line and the port fix, not the FATAL that follows it", () => {
    const json = path.join(dir, "postgresql.json");
    fs.writeFileSync(json, JSON.stringify({ error_severity: "FATAL", message: "an earlier run's failure" }) + "\n");
    const mark = markLogs([json]);
    fs.appendFileSync(json, BUSY_PORT_JSON + "\n");
    expect(startFailureReason(entriesSince([json], mark), 5432)).toEqual({
        logLine: 'could not bind IPv4 address "127.0.0.1": Address already in use',
        fix: "another program listens on 127.0.0.1:5432; choose a free port with --port (or HPG_LOCAL_PORT), or stop that program",
    });
});

test("pg_ctl's plain-text startup log: an unknown cause gives the first FATAL and its hint", () => {
    const startup = path.join(dir, "startup.log");
    const mark = markLogs([startup]);
    fs.writeFileSync(
        startup,
        [
            "2026-11-26 03:36:36.874 UTC [26814] LOG:  pgaudit extension initialized",
            '2026-11-26 03:36:36.875 UTC [26814] FATAL:  data directory "/x/pgdata" has invalid permissions',
            "2026-11-26 03:36:36.875 UTC [26814] DETAIL:  Permissions should be u=rwx (0700) or u=rwx,g=rx (0750).",
            "2026-11-26 03:36:36.875 UTC [26814] HINT:  chmod it.",
            "",
        ].join("\n"),
    );
    expect(startFailureReason(entriesSince([startup], mark), 5432)).toEqual({ logLine: 'data directory "/x/pgdata" has invalid permissions', fix: "chmod it." });
});

test("nothing useful logged: no reason", () => {
    expect(startFailureReason([{ severity: "LOG", message: "database system is shut down" }], 5432)).toBeUndefined();
});
