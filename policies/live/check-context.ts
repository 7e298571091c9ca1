import { Client } from "pg";
import { probePlaintext, InspectionConnection } from "./connection";
import { verifyArchive } from "../audit/archive-chain";
import { CheckQueryError } from "../../components/catalog/kit/live/query-error";
import { CheckContext, InspectionTarget, Platform, PlaintextProbe, QueryEvidence, VerifyOptions } from "./types";

/** JSON-safe values: pg returns Date, Buffer and bigint-as-string; evidence files hold plain JSON. */
function plain(value: unknown): unknown {
    if (value instanceof Date) {
        return value.toISOString();
    }
    if (Buffer.isBuffer(value)) {
        return `\\x${value.toString("hex")}`;
    }
    if (Array.isArray(value)) {
        return value.map(plain);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

/**
 * A check's window on the database: every query goes through `query`, which records the text, parameters and rows
 * (or the error) as evidence. A query that fails is recorded and rethrown as `CheckQueryError`; nothing is retried.
 */
export function createCheckContext(args: {
    client: Client;
    connection: InspectionConnection;
    platform: Platform;
    options: VerifyOptions;
    target: InspectionTarget;
    probe?: () => Promise<PlaintextProbe>;
}): CheckContext {
    const evidence: QueryEvidence[] = [];
    return {
        platform: args.platform,
        options: args.options,
        target: args.target,
        evidence,
        async query<T extends Record<string, unknown>>(title: string, sql: string, params?: unknown[]): Promise<T[]> {
            const text = sql.trim();
            const base: QueryEvidence = params && params.length > 0 ? { title, sql: text, params: plain(params) as unknown[], rows: [] } : { title, sql: text, rows: [] };
            try {
                const result = await args.client.query(text, params);
                const rows = result.rows.map((r) => plain(r) as Record<string, unknown>);
                evidence.push({ ...base, rows });
                return result.rows as T[];
            } catch (e) {
                const err = e as { code?: string; message?: string };
                const message = err?.message ?? String(e);
                evidence.push({ ...base, error: err?.code ? `${err.code}: ${message}` : message });
                throw new CheckQueryError(title, message, err?.code);
            }
        },
        record(item: QueryEvidence): void {
            evidence.push(plain(item) as QueryEvidence);
        },
        probePlaintext: args.probe ?? (() => probePlaintext(args.connection)),
        verifyAuditArchive: (dir: string, expectAnchor?: string) => verifyArchive(dir, expectAnchor !== undefined ? { expectAnchor } : {}),
    };
}

export { CheckQueryError };
