import { Client } from "pg";
import { Platform, QueryEvidence } from "./types";

/** Who we talked to, as the server itself reports it; every field from one query an auditor can rerun. */
export interface ServerIdentity {
    version: string;
    server_version: string;
    database: string;
    current_user: string;
    session_user: string;
    server_address: string | null;
    server_port: number | null;
    client_address: string | null;
    started_at: string;
    checked_at: string;
    ssl: boolean;
    tls_version: string | null;
    tls_cipher: string | null;
    tls_bits: number | null;
    /** The cluster's unique id (pg_control_system), or null when the verifying role may not read it. */
    system_identifier: string | null;
}

export const SERVER_IDENTITY_SQL = `
SELECT pg_catalog.version() AS "version",
       pg_catalog.current_setting('server_version') AS "server_version",
       pg_catalog.current_database() AS "database",
       current_user AS "current_user",
       session_user AS "session_user",
       pg_catalog.host(pg_catalog.inet_server_addr()) AS "server_address",
       pg_catalog.inet_server_port() AS "server_port",
       pg_catalog.host(pg_catalog.inet_client_addr()) AS "client_address",
       pg_catalog.pg_postmaster_start_time() AS "started_at",
       pg_catalog.statement_timestamp() AS "checked_at",
       coalesce(s.ssl, false) AS "ssl",
       s.version AS "tls_version",
       s.cipher AS "tls_cipher",
       s.bits AS "tls_bits"
FROM (SELECT 1) AS one
LEFT JOIN pg_catalog.pg_stat_ssl AS s ON s.pid = pg_catalog.pg_backend_pid()`;

/** RDS defines the rds.* settings and the rdsadmin role; a self-managed server has neither (unless someone fakes both). */
export const PLATFORM_SQL = `
SELECT pg_catalog.current_setting('rds.force_ssl', true) IS NOT NULL AS "has_rds_settings",
       EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'rdsadmin') AS "has_rdsadmin_role"`;

/** Separate from the identity query: pg_control_system() may be refused to the verifying role, the rest never is. */
export const SYSTEM_IDENTIFIER_SQL = "SELECT system_identifier::text AS system_identifier FROM pg_catalog.pg_control_system()";

export async function readServerIdentity(client: Client): Promise<{ identity: ServerIdentity; evidence: QueryEvidence[] }> {
    const result = await client.query(SERVER_IDENTITY_SQL.trim());
    const row = result.rows[0];
    const evidence: QueryEvidence[] = [];
    let systemIdentifier: string | null = null;
    try {
        const sys = await client.query(SYSTEM_IDENTIFIER_SQL);
        systemIdentifier = sys.rows[0]?.system_identifier ?? null;
        evidence.push({ title: "Cluster system identifier", sql: SYSTEM_IDENTIFIER_SQL, rows: sys.rows });
    } catch (e) {
        const err = e as { code?: string; message?: string };
        evidence.push({ title: "Cluster system identifier", sql: SYSTEM_IDENTIFIER_SQL, rows: [], error: `${err.code ?? ""}: ${err.message ?? String(e)}` });
    }
    const identity: ServerIdentity = {
        ...row,
        started_at: new Date(row.started_at).toISOString(),
        checked_at: new Date(row.checked_at).toISOString(),
        system_identifier: systemIdentifier,
    };
    const { system_identifier: _omit, ...queried } = identity;
    return { identity, evidence: [{ title: "Server identity and the TLS state of this session", sql: SERVER_IDENTITY_SQL.trim(), rows: [queried] }, ...evidence] };
}

export async function detectPlatform(client: Client): Promise<{ platform: Platform; evidence: QueryEvidence }> {
    const result = await client.query(PLATFORM_SQL.trim());
    const row = result.rows[0];
    const platform: Platform = row.has_rds_settings && row.has_rdsadmin_role ? "rds" : "self-managed";
    return { platform, evidence: { title: "Platform detection (RDS has rds.* settings and the rdsadmin role)", sql: PLATFORM_SQL.trim(), rows: [{ ...row }] } };
}
