import { CheckContext } from "./types";

/** The verifying session's own TLS state (pg_stat_ssl), read by HPG-TLS-01 and HPG-TLS-02. */
export interface SessionTls {
    ssl: boolean;
    version: string | null;
    cipher: string | null;
    bits: number | null;
}

export async function sessionTls(ctx: CheckContext): Promise<SessionTls> {
    const rows = await ctx.query<SessionTls & Record<string, unknown>>(
        "TLS state of this session",
        `SELECT ssl, version, cipher, bits FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()`,
    );
    return rows[0] ?? { ssl: false, version: null, cipher: null, bits: null };
}
