import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { readHbaRules } from "../../kit/live/hba-rules";
import { control } from "./control";
import { VERIFIER_TYPES_FUNCTION, VERIFIER_TYPES_QUERY, VERIFIER_TYPES_SEARCH_PATH, VerifierType } from "./verifier-types";

/** pg_hba.conf methods that accept an MD5 hash, a cleartext password, or nothing at all. */
const WEAK_HBA_METHODS = ["trust", "password", "md5"];

/** What the verifying role may use to learn the stored verifiers' types, and the verifier-types function as it is. */
interface VerifierAccess extends Record<string, unknown> {
    reads_pg_authid: boolean;
    function_exists: boolean;
    may_execute: boolean;
    owner: string | null;
    owner_is_superuser: boolean;
    security_definer: boolean;
    search_path_pinned: boolean;
    body_as_provisioned: boolean;
}

/** One row per role: its name and the type of its stored password, never the password or its hash. */
interface VerifierRow extends Record<string, unknown> {
    role: string;
    verifier_type: VerifierType;
}

/** Where the verifier types came from, or why they could not be read. */
type VerifierReading = { rows: VerifierRow[]; note: string } | { unreadable: string };

/**
 * Whether the verifying role may read pg_authid, and whether `hpg.password_verifier_types()` exists, may be executed
 * and is the function the product provisions: a superuser's SECURITY DEFINER function with the pinned search_path and
 * the catalog's body. Looked up by name in pg_proc, which needs no privilege on the schema.
 */
const VERIFIER_ACCESS_SQL = `
SELECT pg_catalog.has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS "reads_pg_authid",
       f.oid IS NOT NULL AS "function_exists",
       coalesce(pg_catalog.has_function_privilege(f.oid, 'EXECUTE') AND pg_catalog.has_schema_privilege(f.pronamespace, 'USAGE'), false) AS "may_execute",
       o.rolname AS "owner",
       coalesce(o.rolsuper, false) AS "owner_is_superuser",
       coalesce(f.prosecdef, false) AS "security_definer",
       coalesce(f.proconfig = ARRAY['search_path=' || $3::text], false) AS "search_path_pinned",
       coalesce(f.prosrc = $4, false) AS "body_as_provisioned"
FROM (SELECT) AS one
LEFT JOIN (pg_catalog.pg_proc AS f JOIN pg_catalog.pg_namespace AS n ON n.oid = f.pronamespace AND n.nspname = $1)
       ON f.proname = $2 AND f.pronargs = 0
LEFT JOIN pg_catalog.pg_roles AS o ON o.oid = f.proowner`;

/** How to make the stored verifiers readable to an auditor that is not a superuser. */
const ENABLE_FUNCTION = `a superuser creates it and grants EXECUTE on it to the auditor group (hardened-postgres local up does; elsewhere run passwordVerifierTypesSql from the database-access library as a superuser)`;

/** Why the function can't be trusted to report the stored verifiers, or undefined when it is the provisioned one. */
function untrustedFunction(access: VerifierAccess): string | undefined {
    const problems = [
        ...(access.owner_is_superuser ? [] : [`its owner ${access.owner} is not a superuser, so it cannot read pg_authid and may report anything`]),
        ...(access.security_definer ? [] : ["it is not SECURITY DEFINER"]),
        ...(access.search_path_pinned ? [] : [`its search_path is not pinned to ${VERIFIER_TYPES_SEARCH_PATH}`]),
        ...(access.body_as_provisioned ? [] : ["its body is not the one hardened-postgres provisions"]),
    ];
    return problems.length > 0 ? problems.join("; ") : undefined;
}

/**
 * The stored verifiers' types: from pg_authid itself when the verifying role may read it (a superuser), else through
 * `hpg.password_verifier_types()` when it is executable and the provisioned function; else why neither is possible.
 */
async function readVerifierTypes(ctx: CheckContext): Promise<VerifierReading> {
    const fn = VERIFIER_TYPES_FUNCTION.signature;
    const [access] = await ctx.query<VerifierAccess>(
        `Whether ${ctx.target.user} may read pg_authid or execute ${fn}, and whether that is the provisioned function`,
        VERIFIER_ACCESS_SQL,
        [VERIFIER_TYPES_FUNCTION.schema, VERIFIER_TYPES_FUNCTION.name, VERIFIER_TYPES_SEARCH_PATH, VERIFIER_TYPES_QUERY],
    );
    if (access.reads_pg_authid) {
        const rows = await ctx.query<VerifierRow>("Type of each role's stored password, read from pg_authid (types only, never the hashes)", VERIFIER_TYPES_QUERY);
        return { rows, note: `stored password verifiers of ${rows.length} roles read from pg_authid as ${ctx.target.user} (types only, never the hashes)` };
    }
    const cannot = `stored passwords are not readable by ${ctx.target.user}: it may not read pg_authid`;
    if (!access.function_exists) {
        return { unreadable: `${cannot}, and ${fn} does not exist in database ${ctx.target.database}, so an MD5 or plaintext password can't be excluded; ${ENABLE_FUNCTION}` };
    }
    if (!access.may_execute) {
        return { unreadable: `${cannot} or execute ${fn} (or use schema ${VERIFIER_TYPES_FUNCTION.schema}), so an MD5 or plaintext password can't be excluded; ${ENABLE_FUNCTION}` };
    }
    const untrusted = untrustedFunction(access);
    if (untrusted !== undefined) {
        return { unreadable: `${cannot}, and ${fn} is not the function hardened-postgres provisions (${untrusted}), so what it returns is no evidence; ${ENABLE_FUNCTION}` };
    }
    const rows = await ctx.query<VerifierRow>(
        `Type of each role's stored password, read through ${fn} (types only, never the hashes)`,
        `SELECT "role"::text AS "role", verifier_type AS "verifier_type" FROM ${fn} ORDER BY 1`,
    );
    return { rows, note: `stored password verifiers of ${rows.length} roles read through ${fn} as ${ctx.target.user} (types only, never the hashes)` };
}

/** A role name as psql's \password takes it: bare when PostgreSQL would not fold or split it, else double-quoted. */
function psqlRole(role: string): string {
    return /^[a-z_][a-z0-9_$]*$/.test(role) ? role : `"${role.replace(/"/g, '""')}"`;
}

/** A finding for each role whose stored password is an MD5 hash or plaintext; it names the role and the fix, never the value. */
function verifierFindings(rows: VerifierRow[]): string[] {
    const stored: Partial<Record<VerifierType, string>> = {
        md5: "an MD5 hash (anyone who reads it can log in as the role wherever MD5 logins are accepted)",
        plaintext: "not hashed: PostgreSQL reads it as a plaintext password",
    };
    return rows
        .filter((r) => stored[r.verifier_type] !== undefined)
        .map((r) => `role ${r.role}'s stored password is ${stored[r.verifier_type]}; fix: re-set it with password_encryption=scram-sha-256: \\password ${psqlRole(r.role)}`);
}

/**
 * HPG-PWD-01: passwords are hashed with SCRAM-SHA-256 (server, roles, databases), every stored password is a SCRAM
 * verifier, and nothing accepts weaker: pg_hba.conf on a self-managed server, rds.accepted_password_auth_method on RDS.
 */
export const scramPasswords: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const findings = await judgeRequiredParameters(ctx, control.id);
        const notes: string[] = [];
        const unverified: string[] = [];
        if (ctx.platform === "self-managed") {
            const rules = await readHbaRules(ctx);
            if (rules === undefined) {
                // Without the rules a trust or password line can't be excluded: that is "could not be checked", never a pass.
                unverified.push(`pg_hba.conf rules are not readable by ${ctx.target.user} (grant it SELECT on pg_catalog.pg_hba_file_rules), so a trust, password or md5 line can't be excluded`);
            } else {
                // Unix-socket (local) lines too: `local all all trust` is a passwordless superuser for anyone on the host.
                for (const r of rules) {
                    if (r.auth_method !== null && WEAK_HBA_METHODS.includes(r.auth_method)) {
                        findings.push(`pg_hba.conf line ${r.line_number} authenticates with '${r.auth_method}' (${r.type} ${(r.database ?? []).join(",")} ${(r.user_name ?? []).join(",")} ${r.address ?? ""}); required: scram-sha-256; fix: change line ${r.line_number}'s method to scram-sha-256 (hostssl), then SELECT pg_reload_conf()`);
                    }
                }
            }
            const verifiers = await readVerifierTypes(ctx);
            if ("unreadable" in verifiers) {
                unverified.push(verifiers.unreadable);
            } else {
                findings.push(...verifierFindings(verifiers.rows));
                notes.push(verifiers.note);
            }
        } else {
            notes.push(
                "on RDS, rds.accepted_password_auth_method=scram makes the server refuse MD5 logins; pg_hba.conf is not exposed, and stored password verifiers can't be read " +
                    "(pg_authid is closed to every customer role; the master user lists their types with rds_tools.role_password_encryption_type())",
            );
        }
        return { findings, notes, unverified };
    },
};
