import { AUDITED_PRIVILEGES } from "../..";
import { protectedTables } from "../../kit/live/application-objects";
import { judgeRequiredParameters, overrideResetFix, readSetting, serverSettingFix, settingOverrides } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/** The privileges pgaudit object auditing logs, as the catalog's HPG-AUD-05 settings name them. */

/**
 * HPG-AUD-05: pgaudit.role names an existing role, and that role holds SELECT, INSERT, UPDATE and DELETE on every
 * table with a classified column, so pgaudit logs each such statement (pgaudit "Object Auditing").
 */
export const classifiedObjectAuditing: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        // On RDS the catalog requires the audit role's name (rds_pgaudit), overrides included.
        const findings = await judgeRequiredParameters(ctx, control.id);
        const notes: string[] = [];
        const auditRole = await readSetting(ctx, "pgaudit.role");
        if (ctx.platform === "self-managed") {
            // Object auditing follows the session's pgaudit.role: an override elsewhere silently changes what is audited.
            for (const o of await settingOverrides(ctx, ["pgaudit.role"])) {
                if (o.value !== auditRole) {
                    findings.push(`pgaudit.role is overridden to '${o.value}' for role ${o.role} in database ${o.database}; required: the server's audit role '${auditRole ?? ""}'; ${overrideResetFix(o)}`);
                }
            }
        }
        const tables = (await protectedTables(ctx)).filter((t) => t.classified_columns.length > 0);
        if (auditRole === undefined || auditRole.trim() === "") {
            findings.push(`pgaudit.role is not set, so no object auditing happens${tables.length > 0 ? ` on ${tables.length} classified table(s)` : ""}; ${serverSettingFix(ctx.platform, "pgaudit.role", "rds_pgaudit")}`);
            return { findings, notes };
        }
        const roles = await ctx.query(
            "The audit role named by pgaudit.role",
            `SELECT rolname, rolcanlogin, rolinherit FROM pg_catalog.pg_roles WHERE rolname = $1`,
            [auditRole],
        );
        if (roles.length === 0) {
            findings.push(`pgaudit.role names '${auditRole}', which is not a role of this server; fix: CREATE ROLE ${auditRole} NOLOGIN and grant it the audited privileges on each classified table (SELECT hpg.audit_classified('<table>'))`);
            return { findings, notes };
        }
        if (roles[0].rolcanlogin === true) {
            notes.push(`the audit role '${auditRole}' can log in; pgaudit only needs it to hold grants`);
        }
        if (tables.length === 0) {
            notes.push("no table has a classified column");
            return { findings, notes };
        }
        const privilegeColumns = AUDITED_PRIVILEGES.map((p) => `pg_catalog.has_table_privilege($1, c.oid, '${p}') AS "${p.toLowerCase()}"`).join(",\n       ");
        const grants = await ctx.query<Record<string, unknown> & { table: string }>(
            `Privileges of the audit role '${auditRole}' on tables with classified columns`,
            `SELECT c.oid::pg_catalog.regclass::text AS "table",
       ${privilegeColumns}
FROM pg_catalog.pg_class AS c
WHERE c.oid = ANY($2::pg_catalog.oid[])
ORDER BY 1`,
            [auditRole, tables.map((t) => t.oid)],
        );
        for (const g of grants) {
            const missing = AUDITED_PRIVILEGES.filter((p) => g[p.toLowerCase()] !== true);
            if (missing.length > 0) {
                findings.push(`classified table ${g.table} is not covered by object auditing: the audit role '${auditRole}' lacks ${missing.join(", ")}; fix: SELECT hpg.audit_classified('${g.table}') as the owner (or GRANT ${missing.join(", ")} ON ${g.table} TO ${auditRole})`);
            }
        }
        return { findings, notes };
    },
};
