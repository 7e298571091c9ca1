import { applicationSchemaSql, notExtensionMemberSql } from "../../kit/live/application-objects";
import { CheckContext } from "../../kit/live/types";

/** PostgreSQL's function that returns a sequence's last_value to any role with SELECT or USAGE on it (pg_sequences calls it). */
export const SEQUENCE_LAST_VALUE_FUNCTION = "pg_catalog.pg_sequence_last_value(regclass)";

/**
 * Login roles other than superusers, declared admins and members of the sequence's owner, with more than nextval on a
 * sequence of an application schema: SELECT (reads last_value), UPDATE (setval), or USAGE while pg_sequence_last_value
 * is executable (reads last_value too). $1 is the declared admin roles; `granted_to` names the grantees of SELECT/UPDATE.
 */
export const SEQUENCE_READERS_SQL = `
WITH login_role AS (
    SELECT r.oid, r.rolname FROM pg_catalog.pg_roles AS r
    WHERE r.rolcanlogin AND NOT r.rolsuper AND r.rolname <> ALL ($1::text[])
), app_sequence AS (
    SELECT s.oid, s.relowner, s.relacl FROM pg_catalog.pg_class AS s JOIN pg_catalog.pg_namespace AS n ON n.oid = s.relnamespace
    WHERE s.relkind = 'S' AND ${applicationSchemaSql("n")} AND ${notExtensionMemberSql("pg_class", "s.oid")}
), privilege AS (
    SELECT r.oid AS role_oid, r.rolname, s.oid, s.relacl,
           pg_catalog.has_sequence_privilege(r.oid, s.oid, 'SELECT') AS can_select,
           pg_catalog.has_sequence_privilege(r.oid, s.oid, 'UPDATE') AS can_update,
           pg_catalog.has_sequence_privilege(r.oid, s.oid, 'USAGE')
             AND pg_catalog.has_function_privilege(r.oid, '${SEQUENCE_LAST_VALUE_FUNCTION}'::pg_catalog.regprocedure, 'EXECUTE') AS can_read_last_value
    FROM login_role AS r CROSS JOIN app_sequence AS s
    -- A member of the owner can act as the owner, who reads its own sequences; HPG-ROLE-04 judges who that is.
    WHERE NOT pg_catalog.pg_has_role(r.oid, s.relowner, 'MEMBER')
)
SELECT p.rolname AS "role", p.oid::pg_catalog.regclass::text AS "sequence",
       ARRAY(SELECT x.privilege FROM (VALUES (1, 'SELECT', p.can_select), (2, 'UPDATE', p.can_update)) AS x(n, privilege, held) WHERE x.held ORDER BY x.n) AS "privileges",
       p.can_read_last_value AS "usage_reads_last_value",
       ARRAY(SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END
             FROM pg_catalog.aclexplode(p.relacl) AS a
             WHERE a.privilege_type IN ('SELECT', 'UPDATE') AND CASE WHEN a.grantee = 0 THEN true ELSE pg_catalog.pg_has_role(p.role_oid, a.grantee, 'USAGE') END
             ORDER BY 1) AS "granted_to"
FROM privilege AS p
WHERE p.can_select OR p.can_update OR p.can_read_last_value
ORDER BY 1, 2`;

interface SequenceReaderRow {
    role: string;
    sequence: string;
    privileges: string[];
    usage_reads_last_value: boolean;
    granted_to: string[];
}

/**
 * HPG-RLS-01: a sequence is shared by every tenant, and its last_value counts every tenant's rows. Application roles
 * get USAGE (nextval) only: SELECT (reads last_value) or UPDATE (setval) on a sequence is a finding. USAGE reads
 * last_value too while pg_sequence_last_value is executable: a finding on a self-managed server, where a superuser
 * revokes it; on RDS the master user does not own pg_catalog's functions and cannot, so a note says what stays open.
 */
export async function sequencePrivilegeFindings(ctx: CheckContext): Promise<{ findings: string[]; notes: string[] }> {
    const rows = await ctx.query<SequenceReaderRow & Record<string, unknown>>(
        "Login roles (not superusers, declared admins or members of the owner) that can read a sequence's last_value: SELECT or UPDATE on it, or USAGE with pg_sequence_last_value executable",
        SEQUENCE_READERS_SQL,
        [ctx.options.adminRoles],
    );
    const findings: string[] = [];
    for (const r of rows.filter((x) => x.privileges.length > 0)) {
        const through = r.granted_to.length > 0 ? `granted to ${r.granted_to.join(", ")}` : "not by a grant on the sequence: a predefined role such as pg_read_all_data";
        const harm = r.privileges.map((p) => (p === "SELECT" ? "SELECT reads last_value, a count of every tenant's rows" : "UPDATE lets setval move every tenant's next id"));
        findings.push(
            `login role ${r.role} has ${r.privileges.join(" and ")} on sequence ${r.sequence} (${through}): ${harm.join("; ")}; ` +
                `grant application roles USAGE only (REVOKE SELECT, UPDATE ON SEQUENCE ${r.sequence} FROM ${r.granted_to.length > 0 ? r.granted_to.join(", ") : r.role})`,
        );
    }
    const usageReaders = new Map<string, string[]>();
    for (const r of rows.filter((x) => x.privileges.length === 0 && x.usage_reads_last_value)) {
        usageReaders.set(r.role, [...(usageReaders.get(r.role) ?? []), r.sequence]);
    }
    const notes: string[] = [];
    if (ctx.platform === "rds" && usageReaders.size > 0) {
        notes.push(
            `not closed on RDS: ${[...usageReaders.keys()].join(", ")} read the last_value of sequences they have USAGE on through ${SEQUENCE_LAST_VALUE_FUNCTION}, which only its owner (rdsadmin) can revoke from PUBLIC; ` +
                "identity columns need no privilege on their sequence (the access model grants none on theirs), so prefer them to serial columns and revoke USAGE where no serial default needs it",
        );
    } else {
        for (const [role, sequences] of usageReaders) {
            findings.push(
                `login role ${role} reads the last_value of ${sequences.join(", ")} with USAGE alone, through ${SEQUENCE_LAST_VALUE_FUNCTION} (and the pg_sequences view); ` +
                    `fix: as a superuser, REVOKE EXECUTE ON FUNCTION ${SEQUENCE_LAST_VALUE_FUNCTION} FROM PUBLIC (the access model's self-managed SQL does)`,
            );
        }
    }
    return { findings, notes };
}
