import { CheckContext } from "./types";
import { CheckQueryError } from "./query-error";

/** A line of pg_hba.conf as the server parsed it. */
export interface HbaRule {
    line_number: number;
    type: string;
    database: string[] | null;
    user_name: string[] | null;
    address: string | null;
    auth_method: string | null;
    error: string | null;
}

/**
 * pg_hba.conf rules, or undefined when the verifying role may not read them (PostgreSQL 15 allows only superusers
 * and roles granted SELECT on pg_hba_file_rules; RDS allows no one). The refusal stays in the evidence.
 */
export async function readHbaRules(ctx: CheckContext): Promise<HbaRule[] | undefined> {
    try {
        return await ctx.query<HbaRule & Record<string, unknown>>(
            "pg_hba.conf rules",
            `SELECT line_number, type, database, user_name, address, auth_method, error FROM pg_catalog.pg_hba_file_rules ORDER BY line_number`,
        );
    } catch (e) {
        if (e instanceof CheckQueryError) {
            return undefined;
        }
        throw e;
    }
}
