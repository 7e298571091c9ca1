import { LIVE_CHECKS } from "../../../../../policies/live/pack";
import { CheckResult, verifyServer, VerifyReport } from "../../../../../policies/live";
import { readRawLog, waitForLog } from "../../../../support/pg-log";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../../support/live-cluster";

/**
 * HPG-AUD-03's statement-logging half on a real PostgreSQL 15 provisioned as `local up` provisions it: first what the server really writes to
 * its log under each configuration, then that `verify` fails exactly the configurations that write bound values.
 */
let db: ProvisionedCluster;
const api = roleOf("app_rw");
const auditor = roleOf("auditor");
const TENANT = "00000000-0000-4000-8000-0000000000a1";

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const aud03 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-AUD-03")!;
const notPassing = (r: VerifyReport) => r.results.filter((x) => x.status !== "pass").map((x) => x.control);
/** A server-wide problem: the fix is where the server's settings are set. */
const SERVER_WIDE = "; fix: set them server-wide with ALTER SYSTEM SET, then SELECT pg_reload_conf()";
const FIX_OF_RULE =
    "required: set log_parameter_max_length to 0 (or turn statement logging off), log_parameter_max_length_on_error to 0, and auto_explain.log_parameter_max_length to 0 where auto_explain logs";
const FIX = `${FIX_OF_RULE}${SERVER_WIDE}`;
const FIX_UNSET_OVERRIDES = `${FIX_OF_RULE}; fix: ALTER ROLE ${api} RESET log_min_duration_statement; ALTER ROLE ${api} RESET log_parameter_max_length`;

let runs = 0;

/** Runs a parameterised query as the app role with a marker as its bound value; returns whether the marker reached the log. */
async function boundValueReachesLog(marker: string): Promise<boolean> {
    const run = ++runs;
    const app = await db.connectAs(api);
    try {
        await app.query("BEGIN");
        await app.query("SELECT hpg.set_tenant($1)", [TENANT]);
        // The statement's text names the run, so the wait below finds this statement and not an earlier test's.
        await app.query(`SELECT count(*) FROM app.patients WHERE full_name = $1 /* run ${run} */`, [marker]);
        await app.query("COMMIT");
    } finally {
        await app.end();
    }
    // The statement itself is logged either way under log_statement=all: wait for it, then look for the value.
    await waitForLog(db.cluster.handle, (e) => e.user === api && (e.message ?? "").includes(`/* run ${run} */`));
    return readRawLog(db.cluster.handle).includes(marker);
}

test("the provisioned cluster passes HPG-AUD-03, with statement logging off", async () => {
    const report = await verifyServer(db.url(auditor));
    expect(aud03(report)).toMatchObject({ status: "pass", findings: [] });
    expect(report.results.map((r) => r.control)).toEqual(LIVE_CHECKS.map((c) => c.control.id));
});

test("log_statement=all with bound values cut to 0 logs the statement without its values, and passes", async () => {
    const restore = await db.setServerSetting("log_statement", "all");
    try {
        expect(await boundValueReachesLog("Marker Cut-To-Zero")).toBe(false);
        const report = await verifyServer(db.url(auditor));
        expect(notPassing(report)).toEqual([]);
    } finally {
        await restore();
    }
});

test("log_statement=all with log_parameter_max_length=-1 writes a patient's name to the log, and fails HPG-AUD-03 only", async () => {
    const restoreStatement = await db.setServerSetting("log_statement", "all");
    const restoreLength = await db.setServerSetting("log_parameter_max_length", "-1");
    try {
        expect(await boundValueReachesLog("Marker Jane-Roe-PHI")).toBe(true);
        const report = await verifyServer(db.url(auditor));
        expect(notPassing(report)).toEqual(["HPG-AUD-03"]);
        expect(aud03(report).findings).toEqual([`log_statement is 'all' while log_parameter_max_length is '-1', so each logged statement carries its bound values; ${FIX}`]);
    } finally {
        await restoreLength();
        await restoreStatement();
    }
});

test("slow-statement logging for one role, with that role's bound values in full, fails HPG-AUD-03 only", async () => {
    await db.admin.query(`ALTER ROLE ${api} SET log_min_duration_statement = 0`);
    await db.admin.query(`ALTER ROLE ${api} SET log_parameter_max_length = -1`);
    try {
        const report = await verifyServer(db.url(auditor));
        expect(notPassing(report)).toEqual(["HPG-AUD-03"]);
        expect(aud03(report).findings).toEqual([
            `for role ${api} in database (every database) (overridden: log_min_duration_statement=0, log_parameter_max_length=-1): log_min_duration_statement is '0' while log_parameter_max_length is '-1', so each logged statement carries its bound values; ${FIX_UNSET_OVERRIDES}`,
        ]);
    } finally {
        await db.admin.query(`ALTER ROLE ${api} RESET log_min_duration_statement`);
        await db.admin.query(`ALTER ROLE ${api} RESET log_parameter_max_length`);
    }
});

test("bound values of failing statements (log_parameter_max_length_on_error) fail HPG-AUD-03 only", async () => {
    const restore = await db.setServerSetting("log_parameter_max_length_on_error", "-1");
    try {
        const report = await verifyServer(db.url(auditor));
        expect(notPassing(report)).toEqual(["HPG-AUD-03"]);
        expect(aud03(report).findings).toEqual([`log_parameter_max_length_on_error is '-1', so a failing statement logs its bound values; ${FIX}`]);
    } finally {
        await restore();
    }
});
