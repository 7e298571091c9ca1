import { parseBoolean } from "../..";
import { protectedTables } from "../../kit/live/application-objects";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

interface ViewRow {
    view: string;
    kind: "view" | "materialized view";
    options: string[] | null;
    over: string[];
}

/** Views and materialized views that read protected tables, directly or through other views (pg_rewrite dependencies). */
export const VIEWS_OVER_PROTECTED_SQL = `
WITH RECURSIVE protected AS (
    SELECT unnest($1::pg_catalog.oid[]) AS oid
), deps AS (
    SELECT DISTINCT r.ev_class AS view, d.refobjid AS base
    FROM pg_catalog.pg_rewrite AS r
    JOIN pg_catalog.pg_depend AS d
      ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
     AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> r.ev_class
    WHERE r.rulename = '_RETURN'
), reach(view, protected_table) AS (
    SELECT deps.view, deps.base FROM deps WHERE deps.base IN (SELECT oid FROM protected)
    UNION
    SELECT deps.view, reach.protected_table FROM deps JOIN reach ON deps.base = reach.view
)
SELECT v.oid::pg_catalog.regclass::text AS "view",
       CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END AS "kind",
       v.reloptions AS "options",
       array_agg(DISTINCT reach.protected_table::pg_catalog.regclass::text) AS "over"
FROM reach JOIN pg_catalog.pg_class AS v ON v.oid = reach.view
WHERE v.relkind IN ('v', 'm')
GROUP BY v.oid, v.relkind, v.reloptions
ORDER BY 1`;

/** The view's security_invoker option as PostgreSQL stores it in reloptions ("security_invoker=true", "=on", ...). */
function securityInvoker(options: string[] | null): boolean {
    const entry = (options ?? []).find((o) => o.toLowerCase().startsWith("security_invoker="));
    return entry !== undefined && parseBoolean(entry.slice("security_invoker=".length)) === true;
}

/**
 * HPG-RLS-02: every view over a tenant or classified table (directly or through other views) runs with the caller's
 * privileges, so the caller's row-level security applies; a materialized view stores every tenant's rows and fails.
 */
export const securityInvokerViews: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const tables = await protectedTables(ctx);
        if (tables.length === 0) {
            const why = "no table has the tenant column or a classified column, so no view can expose one";
            return { findings: [], notes: [why], vacuous: why };
        }
        const views = await ctx.query<ViewRow & Record<string, unknown>>("Views and materialized views over those tables", VIEWS_OVER_PROTECTED_SQL, [tables.map((t) => t.oid)]);
        const findings: string[] = [];
        for (const v of views) {
            if (v.kind === "materialized view") {
                findings.push(`materialized view ${v.view} stores rows of ${v.over.join(", ")} outside row-level security; fix: DROP MATERIALIZED VIEW ${v.view} (or revoke every non-owner privilege on it and keep it out of the application's reach)`);
            } else if (!securityInvoker(v.options)) {
                findings.push(`view ${v.view} over ${v.over.join(", ")} is not security_invoker, so it reads with its owner's privileges; fix: ALTER VIEW ${v.view} SET (security_invoker = true)`);
            }
        }
        return { findings };
    },
};
