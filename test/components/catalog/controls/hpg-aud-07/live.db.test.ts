import { CheckResult, verifyServer, VerifyReport } from "../../../../../policies/live";
import { actorContextSql, dropActorContextSql } from "../../../../../components/database-access/actor-context-sql";
import { resolveAccessModel } from "../../../../../components/database-access/model";
import { LOCAL_ACCESS_MODEL } from "../../../../../infra/local-twin/local-database";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../../support/live-cluster";

/**
 * HPG-AUD-07's live check on a real PostgreSQL 15 provisioned as `local up` provisions it: it passes as provisioned,
 * and fails, naming the fix, for each way the attribution can be broken. Every tampering is undone by reinstalling the
 * context exactly as the access model renders it.
 */
let db: ProvisionedCluster;
const auditor = roleOf("auditor");
const m = resolveAccessModel(LOCAL_ACCESS_MODEL);
const SET_ACTOR = "hpg.set_actor(text,uuid)";
const TABLE = "hpg.actor_context";
const REAPPLY = "fix: apply the access model again (hardened-postgres local up, applyAccessModel, or the DatabaseAccess component), which recreates the audit context";
const NOT_DEFERRED = `the close trigger actor_context_close on ${TABLE} is not a DEFERRABLE INITIALLY DEFERRED constraint trigger, so it closes the context when set_actor runs instead of at commit and the transaction's statements are not attributed; ${REAPPLY}`;

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const aud07 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-AUD-07")!;

/** Runs `tamper` as the superuser, verifies as the auditor, then reinstalls the context as the access model renders it. */
async function verifyAfter(tamper: string[]): Promise<CheckResult> {
    try {
        for (const statement of tamper) {
            await db.admin.query(statement);
        }
        return aud07(await verifyServer(db.url(auditor)));
    } finally {
        for (const statement of [...dropActorContextSql(m), ...actorContextSql(m)]) {
            await db.admin.query(statement);
        }
    }
}

test("the provisioned cluster passes HPG-AUD-07, and records what it read", async () => {
    const result = aud07(await verifyServer(db.url(auditor)));
    expect(result).toMatchObject({ status: "pass", findings: [] });
    expect(result.evidence.map((e) => e.title)).toEqual([
        "Effective pgaudit.log_rows (NULL when the extension is not loaded)",
        "Per-role and per-database overrides of pgaudit.log_rows",
        "Effective log_error_verbosity",
        "Per-role and per-database overrides of log_error_verbosity",
        "The audit context functions hpg.set_actor and hpg.close_actor_context",
        `The close trigger actor_context_close on ${TABLE}`,
        `Privileges on ${TABLE} held by roles other than its owner`,
    ]);
});

test("pgaudit.log_rows off fails: records carry no row count", async () => {
    const restore = await db.setServerSetting("pgaudit.log_rows", "off");
    try {
        expect(aud07(await verifyServer(db.url(auditor))).findings).toEqual(["pgaudit.log_rows is 'off'; required: on (1); fix: ALTER SYSTEM SET pgaudit.log_rows = '1', then SELECT pg_reload_conf()"]);
    } finally {
        await restore();
    }
});

test("log_error_verbosity=terse fails: the log loses the CONTEXT lines that prove a context record's origin", async () => {
    const restore = await db.setServerSetting("log_error_verbosity", "terse");
    try {
        expect(aud07(await verifyServer(db.url(auditor))).findings).toEqual([
            "log_error_verbosity is 'terse', which drops the CONTEXT lines that prove a context record came from hpg.set_actor, so no audit record can be attributed; required: set log_error_verbosity to default (or verbose); fix: set them server-wide with ALTER SYSTEM SET, then SELECT pg_reload_conf()",
        ]);
    } finally {
        await restore();
    }
});

test("a per-role override of pgaudit.log_rows fails", async () => {
    await db.admin.query(`ALTER ROLE ${roleOf("app_rw")} SET pgaudit.log_rows = off`);
    try {
        expect(aud07(await verifyServer(db.url(auditor))).findings).toEqual([
            `pgaudit.log_rows is overridden to 'off' for role ${roleOf("app_rw")} in database (every database); required: on (1); fix: ALTER ROLE ${roleOf("app_rw")} RESET pgaudit.log_rows`,
        ]);
    } finally {
        await db.admin.query(`ALTER ROLE ${roleOf("app_rw")} RESET pgaudit.log_rows`);
    }
});

test.each([
    [
        "set_actor missing",
        [`DROP FUNCTION ${SET_ACTOR}`],
        [`hpg.set_actor does not exist, so applications cannot name the person they act for and no audit record can be attributed; ${REAPPLY}`],
    ],
    [
        "set_actor SECURITY INVOKER",
        [`ALTER FUNCTION ${SET_ACTOR} SECURITY INVOKER`],
        [`hpg.set_actor(text,uuid) is SECURITY INVOKER, so the context function runs with the caller's privileges, which hold nothing on ${TABLE}; ${REAPPLY}`],
    ],
    [
        "set_actor owned by another role",
        [`ALTER FUNCTION ${SET_ACTOR} OWNER TO hpg_auditor`],
        ["hpg.set_actor(text,uuid) is owned by hpg_auditor, not by the owner group hpg_owner that owns schema hpg; fix: ALTER FUNCTION hpg.set_actor(text,uuid) OWNER TO hpg_owner"],
    ],
    [
        "set_actor without its own search_path",
        [`ALTER FUNCTION ${SET_ACTOR} RESET search_path`],
        [
            "hpg.set_actor(text,uuid) has no search_path of its own, so a SECURITY DEFINER body resolves names through schemas a caller can create objects in; fix: ALTER FUNCTION hpg.set_actor(text,uuid) SET search_path = pg_catalog, pg_temp",
        ],
    ],
    [
        "set_actor resolving names through public",
        [`ALTER FUNCTION ${SET_ACTOR} SET search_path = public, pg_catalog`],
        [
            "hpg.set_actor(text,uuid) has search_path 'public, pg_catalog', so a SECURITY DEFINER body resolves names through schemas a caller can create objects in; fix: ALTER FUNCTION hpg.set_actor(text,uuid) SET search_path = pg_catalog, pg_temp",
        ],
    ],
    [
        "set_actor executable by PUBLIC",
        [`GRANT EXECUTE ON FUNCTION ${SET_ACTOR} TO PUBLIC`],
        ["hpg.set_actor(text,uuid) is executable by PUBLIC; fix: REVOKE ALL ON FUNCTION hpg.set_actor(text,uuid) FROM PUBLIC (the access model grants EXECUTE to the owner, app and analytics groups)"],
    ],
    [
        "the close function SECURITY INVOKER",
        ["ALTER FUNCTION hpg.close_actor_context() SECURITY INVOKER"],
        [`hpg.close_actor_context() is SECURITY INVOKER, so the close trigger runs with the caller's privileges, which hold nothing on ${TABLE}; ${REAPPLY}`],
    ],
    [
        "the close trigger missing",
        [`DROP TRIGGER actor_context_close ON ${TABLE}`],
        [`the close trigger actor_context_close on ${TABLE} does not exist, so no context is ever closed and nothing is attributed; ${REAPPLY}`],
    ],
    [
        "the close trigger initially immediate",
        [
            `DROP TRIGGER actor_context_close ON ${TABLE}`,
            `CREATE CONSTRAINT TRIGGER actor_context_close AFTER INSERT ON ${TABLE} DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION hpg.close_actor_context()`,
        ],
        [NOT_DEFERRED],
    ],
    [
        "the close trigger not deferrable",
        [`DROP TRIGGER actor_context_close ON ${TABLE}`, `CREATE CONSTRAINT TRIGGER actor_context_close AFTER INSERT ON ${TABLE} FOR EACH ROW EXECUTE FUNCTION hpg.close_actor_context()`],
        [NOT_DEFERRED],
    ],
    [
        "the close trigger an ordinary trigger",
        [`DROP TRIGGER actor_context_close ON ${TABLE}`, `CREATE TRIGGER actor_context_close AFTER INSERT ON ${TABLE} FOR EACH ROW EXECUTE FUNCTION hpg.close_actor_context()`],
        [NOT_DEFERRED],
    ],
    [
        "the close trigger disabled",
        [`ALTER TABLE ${TABLE} DISABLE TRIGGER actor_context_close`],
        [`the close trigger actor_context_close on ${TABLE} is disabled; fix: ALTER TABLE ${TABLE} ENABLE TRIGGER actor_context_close`],
    ],
    [
        "the context table writable by the app group",
        [`GRANT INSERT, DELETE ON TABLE ${TABLE} TO hpg_app_rw`],
        [`hpg_app_rw holds DELETE, INSERT on ${TABLE}, so it can open or close contexts outside hpg.set_actor; fix: REVOKE ALL ON TABLE ${TABLE} FROM hpg_app_rw`],
    ],
    [
        "the context table readable by PUBLIC",
        [`GRANT SELECT ON TABLE ${TABLE} TO PUBLIC`],
        [`PUBLIC holds SELECT on ${TABLE}, so it can open or close contexts outside hpg.set_actor; fix: REVOKE ALL ON TABLE ${TABLE} FROM PUBLIC`],
    ],
])("%s fails HPG-AUD-07", async (_case, tamper, findings) => {
    const result = await verifyAfter(tamper);
    expect(result).toMatchObject({ status: "fail", findings });
});

test("after every tampering the reinstalled context passes again", async () => {
    expect(aud07(await verifyServer(db.url(auditor)))).toMatchObject({ status: "pass", findings: [] });
});
