import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { ACTOR_CONTEXT_CLOSE_FUNCTION, ACTOR_CONTEXT_CLOSE_TRIGGER, ACTOR_CONTEXT_SCHEMA, ACTOR_CONTEXT_TABLE, SET_ACTOR_FUNCTION } from "./actor-context-objects";
import { control } from "./control";

const SET_ACTOR = `${ACTOR_CONTEXT_SCHEMA}.${SET_ACTOR_FUNCTION}`;
const CLOSE = `${ACTOR_CONTEXT_SCHEMA}.${ACTOR_CONTEXT_CLOSE_FUNCTION}`;
const TABLE = `${ACTOR_CONTEXT_SCHEMA}.${ACTOR_CONTEXT_TABLE}`;
const FIX = "fix: apply the access model again (hardened-postgres local up, applyAccessModel, or the DatabaseAccess component), which recreates the audit context";

interface FunctionRow extends Record<string, unknown> {
    name: string;
    signature: string;
    security_definer: boolean;
    owner: string;
    schema_owner: string;
    search_path: string | null;
    public_execute: boolean;
}

interface TriggerRow extends Record<string, unknown> {
    is_constraint: boolean;
    deferrable: boolean;
    initially_deferred: boolean;
    enabled: string;
    function: string;
}

/** A SECURITY DEFINER function is safe only with its own search_path naming no schema a caller can create in (CVE-2018-1058). */
function functionFindings(f: FunctionRow, role: string): string[] {
    const findings: string[] = [];
    if (!f.security_definer) {
        findings.push(`${f.signature} is SECURITY INVOKER, so the ${role} runs with the caller's privileges, which hold nothing on ${TABLE}; ${FIX}`);
    }
    if (f.owner !== f.schema_owner) {
        findings.push(`${f.signature} is owned by ${f.owner}, not by the owner group ${f.schema_owner} that owns schema ${ACTOR_CONTEXT_SCHEMA}; fix: ALTER FUNCTION ${f.signature} OWNER TO ${f.schema_owner}`);
    }
    const path = (f.search_path ?? "").split(",").map((s) => s.trim().toLowerCase());
    if (f.search_path === null || path.some((s) => s === "public" || s === '"$user"' || s === "$user")) {
        findings.push(
            `${f.signature} ${f.search_path === null ? "has no search_path of its own" : `has search_path '${f.search_path}'`}, so a SECURITY DEFINER body resolves names through schemas a caller can create objects in; fix: ALTER FUNCTION ${f.signature} SET search_path = pg_catalog, pg_temp`,
        );
    }
    if (f.public_execute) {
        findings.push(`${f.signature} is executable by PUBLIC; fix: REVOKE ALL ON FUNCTION ${f.signature} FROM PUBLIC (the access model grants EXECUTE to the owner, app and analytics groups)`);
    }
    return findings;
}

/**
 * HPG-AUD-07: pgaudit.log_rows is on; `hpg.set_actor` exists as a SECURITY DEFINER function of the owner group with a
 * fixed search_path; the close trigger on `hpg.actor_context` is an enabled DEFERRABLE INITIALLY DEFERRED constraint
 * trigger (so the close is written at commit and never by a rollback); and no role but the owner holds anything on the
 * table (so nobody can insert, delete or read a context row outside the functions).
 */
export const actorAttribution: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const findings = await judgeRequiredParameters(ctx, control.id);
        const functions = await ctx.query<FunctionRow>(
            `The audit context functions ${SET_ACTOR} and ${CLOSE}`,
            `SELECT p.proname AS "name",
       p.oid::pg_catalog.regprocedure::text AS "signature",
       p.prosecdef AS "security_definer",
       pg_catalog.pg_get_userbyid(p.proowner) AS "owner",
       pg_catalog.pg_get_userbyid(n.nspowner) AS "schema_owner",
       (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) AS c WHERE c LIKE 'search\\_path=%') AS "search_path",
       (p.proacl IS NULL OR EXISTS (SELECT FROM pg_catalog.aclexplode(p.proacl) AS a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')) AS "public_execute"
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.proname = ANY($2::text[])
ORDER BY 1, 2`,
            [ACTOR_CONTEXT_SCHEMA, [SET_ACTOR_FUNCTION, ACTOR_CONTEXT_CLOSE_FUNCTION]],
        );
        const setActor = functions.filter((f) => f.name === SET_ACTOR_FUNCTION);
        if (setActor.length === 0) {
            findings.push(`${SET_ACTOR} does not exist, so applications cannot name the person they act for and no audit record can be attributed; ${FIX}`);
        }
        for (const f of setActor) {
            findings.push(...functionFindings(f, "context function"));
        }
        for (const f of functions.filter((f) => f.name === ACTOR_CONTEXT_CLOSE_FUNCTION)) {
            // Trigger functions are never called directly, so only how they run matters (EXECUTE is not checked when a trigger fires).
            findings.push(...functionFindings({ ...f, public_execute: false }, "close trigger"));
        }
        const triggers = await ctx.query<TriggerRow>(
            `The close trigger ${ACTOR_CONTEXT_CLOSE_TRIGGER} on ${TABLE}`,
            `SELECT t.tgconstraint <> 0 AS "is_constraint",
       t.tgdeferrable AS "deferrable",
       t.tginitdeferred AS "initially_deferred",
       t.tgenabled::text AS "enabled",
       t.tgfoid::pg_catalog.regprocedure::text AS "function"
FROM pg_catalog.pg_trigger AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND t.tgname = $3`,
            [ACTOR_CONTEXT_SCHEMA, ACTOR_CONTEXT_TABLE, ACTOR_CONTEXT_CLOSE_TRIGGER],
        );
        const trigger = triggers[0];
        if (!trigger) {
            findings.push(`the close trigger ${ACTOR_CONTEXT_CLOSE_TRIGGER} on ${TABLE} does not exist, so no context is ever closed and nothing is attributed; ${FIX}`);
        } else {
            if (!trigger.is_constraint || !trigger.deferrable || !trigger.initially_deferred) {
                findings.push(
                    `the close trigger ${ACTOR_CONTEXT_CLOSE_TRIGGER} on ${TABLE} is not a DEFERRABLE INITIALLY DEFERRED constraint trigger, so it closes the context when set_actor runs instead of at commit and the transaction's statements are not attributed; ${FIX}`,
                );
            }
            if (trigger.enabled === "D") {
                findings.push(`the close trigger ${ACTOR_CONTEXT_CLOSE_TRIGGER} on ${TABLE} is disabled; fix: ALTER TABLE ${TABLE} ENABLE TRIGGER ${ACTOR_CONTEXT_CLOSE_TRIGGER}`);
            }
            if (trigger.function !== `${CLOSE}()`) {
                findings.push(`the close trigger ${ACTOR_CONTEXT_CLOSE_TRIGGER} runs ${trigger.function}, not ${CLOSE}(); ${FIX}`);
            }
        }
        const grants = await ctx.query<{ grantee: string; privileges: string } & Record<string, unknown>>(
            `Privileges on ${TABLE} held by roles other than its owner`,
            `SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS "grantee",
       string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) AS "privileges"
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS a
WHERE n.nspname = $1 AND c.relname = $2 AND a.grantee <> c.relowner
GROUP BY 1
ORDER BY 1`,
            [ACTOR_CONTEXT_SCHEMA, ACTOR_CONTEXT_TABLE],
        );
        for (const g of grants) {
            findings.push(`${g.grantee} holds ${g.privileges} on ${TABLE}, so it can open or close contexts outside ${SET_ACTOR}; fix: REVOKE ALL ON TABLE ${TABLE} FROM ${g.grantee}`);
        }
        return { findings };
    },
};
