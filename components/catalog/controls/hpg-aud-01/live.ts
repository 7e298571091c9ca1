import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/** HPG-AUD-01: pgaudit is preloaded (shared_preload_libraries) and created in this database (pg_extension). */
export const pgauditLoaded: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const findings = await judgeRequiredParameters(ctx, control.id);
        const rows = await ctx.query(
            "The pgaudit row of pg_extension",
            `SELECT e.extname, e.extversion, n.nspname AS "schema", pg_catalog.pg_get_userbyid(e.extowner) AS "owner"
FROM pg_catalog.pg_extension AS e JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
WHERE e.extname = 'pgaudit'`,
        );
        if (rows.length === 0) {
            findings.push(`the pgaudit extension is not created in database ${ctx.target.database}; fix: CREATE EXTENSION pgaudit in it (pgaudit must be in shared_preload_libraries)`);
        }
        return { findings };
    },
};
