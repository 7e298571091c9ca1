import { AUDIT_ROLE, requiredParametersFor } from "../../components/catalog";

/** Paths are relative to the data directory (`<dataDir>/pgdata`), so the rendered profile is the same for every cluster. */
const TLS_DIR_FROM_PGDATA = "../tls";

/** The audit role pgaudit object auditing grants to (HPG-AUD-05): the catalog's, the same name as on RDS so one access model fits both. */
export { AUDIT_ROLE };

/**
 * The hardened profile of a self-managed PostgreSQL, as ordered name → value pairs. Every value a control requires
 * comes from the catalog (`requiredParametersFor("self-managed")`); the rest are what RDS does for us and a
 * self-managed server must say itself.
 */
export function hardenedProfile(): Array<[string, string]> {
    const catalog = requiredParametersFor("self-managed").map((p): [string, string] => [p.name, p.desired]);
    return [
        // Loopback TCP only; no Unix socket, so every connection goes through pg_hba.conf's hostssl lines (HPG-TLS-01).
        ["listen_addresses", "127.0.0.1"],
        ["unix_socket_directories", ""],
        ["ssl", "on"],
        ["ssl_cert_file", `${TLS_DIR_FROM_PGDATA}/server.crt`],
        ["ssl_key_file", `${TLS_DIR_FROM_PGDATA}/server.key`],
        ["ssl_ciphers", "HIGH:!aNULL:!MD5"],
        ["ssl_prefer_server_ciphers", "on"],
        ...catalog,
        // pgaudit.role is RDS-only in the catalog (RDS names the role); a self-managed server names the same role itself.
        ["pgaudit.role", AUDIT_ROLE],
        // Structured logs in files only the server user can read, like RDS's log files.
        ["logging_collector", "on"],
        ["log_destination", "jsonlog"],
        ["log_directory", "log"],
        ["log_filename", "postgresql-%Y-%m-%d_%H%M%S.log"],
        ["log_file_mode", "0600"],
        ["log_rotation_age", "1d"],
        ["log_rotation_size", "100MB"],
        ["log_line_prefix", "%m [%p] %q%u@%d "],
        ["log_timezone", "UTC"],
        ["timezone", "UTC"],
        ["lc_messages", "C"],
        // pgaudit is the statement audit; log_statement would duplicate it and write bind values (HPG-AUD-03).
        ["log_statement", "none"],
        ["log_parameter_max_length", "0"],
        ["log_parameter_max_length_on_error", "0"],
    ];
}

/** A GUC name as postgresql.conf accepts it (`name` or `extension.name`). */
const GUC_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/** A value as a postgresql.conf string literal: single-quoted, quotes doubled, backslashes escaped. */
export function confLiteral(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * postgresql.conf: the hardened profile, then `overrides` (they replace a profile value in place, or are appended).
 * Overrides exist for benchmarks and tamper tests; a name that is not a GUC name is rejected.
 */
export function renderPostgresqlConf(overrides: Record<string, string> = {}): string {
    const settings = new Map<string, string>(hardenedProfile());
    for (const [name, value] of Object.entries(overrides)) {
        if (!GUC_NAME.test(name)) {
            throw new Error(`[settings] '${name}' is not a PostgreSQL parameter name`);
        }
        if (typeof value !== "string" || /[\r\n\0]/.test(value)) {
            throw new Error(`[settings] the value of '${name}' must be a single-line string`);
        }
        settings.set(name, value);
    }
    const lines = ["# Written by hardened-postgres from the control catalog; rewritten on every `initCluster`. Do not edit."];
    for (const [name, value] of settings) {
        lines.push(`${name} = ${confLiteral(value)}`);
    }
    return lines.join("\n") + "\n";
}

/**
 * pg_hba.conf: TLS with SCRAM from loopback only (HPG-TLS-01, HPG-PWD-01). There is no `host` or `local` line,
 * so a connection without TLS matches nothing and is refused. `extraLines` (tests only, e.g. a client from 127.0.0.2)
 * are appended; each must be a `hostssl … scram-sha-256` line, so the guarantee holds.
 */
export function renderHbaConf(extraLines: readonly string[] = []): string {
    for (const line of extraLines) {
        if (!/^hostssl\s+\S+\s+\S+\s+\S+\s+scram-sha-256$/.test(line)) {
            throw new Error(`[extraHbaLines] ${JSON.stringify(line)} is not allowed; only "hostssl <database> <user> <address> scram-sha-256" lines are`);
        }
    }
    return [
        "# Written by hardened-postgres; rewritten on every `initCluster`. Do not edit.",
        "# TYPE   DATABASE  USER  ADDRESS       METHOD",
        "hostssl  all       all   127.0.0.1/32  scram-sha-256",
        "hostssl  all       all   ::1/128       scram-sha-256",
        ...extraLines,
        "",
    ].join("\n");
}
