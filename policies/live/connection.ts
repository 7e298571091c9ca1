import * as fs from "fs";
import { Client, ClientConfig } from "pg";
import { POSTGRES_PORT } from "../../components/catalog";
import { InspectionTarget, PlaintextProbe } from "./types";

/** The server is unreachable, refuses us, or the DSN is unusable: an environment problem, not a control failure. */
export class LiveConnectionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "LiveConnectionError";
    }
}

/** libpq's sslmode values that make sense for an inspection; `prefer` and `allow` would silently fall back to plaintext. */
const SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;
type SslMode = (typeof SSL_MODES)[number];

/** Query parameters of a DSN we understand; anything else is rejected rather than ignored. */
const URL_PARAMETERS = ["sslmode", "sslrootcert", "user", "password", "dbname", "host", "port", "application_name", "connect_timeout"];

export interface InspectionConnection {
    config: ClientConfig;
    target: InspectionTarget;
    sslMode: SslMode;
    /** Whether the TLS handshake proves which server answered (HPG-TLS-04): only verify-full checks chain and host name. */
    serverIdentity: ServerIdentityCheck;
}

/** Whether the server's identity was verified on this connection, and if not, why a report can't name the server it judged. */
export interface ServerIdentityCheck {
    verified: boolean;
    sslMode: SslMode;
    /** What was and was not checked, in words; printed on every report and bundle. */
    detail: string;
}

/** What each sslmode proves about the server (libpq semantics; `require` with a root certificate acts as verify-ca). */
export function serverIdentityCheck(sslMode: SslMode, hasRootCert: boolean): ServerIdentityCheck {
    switch (sslMode) {
        case "verify-full":
            return { verified: true, sslMode, detail: `verified: the certificate chains to ${hasRootCert ? "the given sslrootcert" : "the system's trusted roots"} and names the host (sslmode=verify-full)` };
        case "verify-ca":
            return { verified: false, sslMode, detail: "server identity not verified: the certificate chain was checked but not the host name, so any server with a certificate from that CA could have answered (sslmode=verify-ca); use sslmode=verify-full" };
        case "require":
            return {
                verified: false,
                sslMode,
                detail: hasRootCert
                    ? "server identity not verified: the certificate chain was checked but not the host name (sslmode=require with sslrootcert acts as verify-ca); use sslmode=verify-full"
                    : "server identity not verified: the session is encrypted but neither the certificate nor the host name was checked, so any server could have answered (sslmode=require); use sslmode=verify-full with sslrootcert=<CA file>",
            };
        case "disable":
            return { verified: false, sslMode, detail: "server identity not verified: no TLS (sslmode=disable), so neither the server nor the session is protected; use sslmode=verify-full" };
    }
}

const DSN_SHAPE = "postgresql://<user>[:<password>]@<host>[:<port>]/<database>[?sslmode=verify-full&sslrootcert=<CA file>]";

/**
 * Parses a libpq-style URL into a pg client configuration. sslmode defaults to verify-full (libpq's default,
 * `prefer`, would fall back to plaintext); `sslrootcert` is a CA file or `system`. The password may come from the URL
 * or from `PGPASSWORD`, and is never part of `target`.
 */
export function parseInspectionUrl(url: string, env: NodeJS.ProcessEnv = process.env): InspectionConnection {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new LiveConnectionError(`bad DSN: not a URL; expected ${DSN_SHAPE}`);
    }
    if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
        throw new LiveConnectionError(`bad DSN: scheme '${parsed.protocol.replace(/:$/, "")}' is not postgresql; expected ${DSN_SHAPE}`);
    }
    const params = parsed.searchParams;
    for (const key of params.keys()) {
        if (!URL_PARAMETERS.includes(key)) {
            throw new LiveConnectionError(`bad DSN: unsupported parameter '${key}' (supported: ${URL_PARAMETERS.join(", ")})`);
        }
    }
    const decode = (s: string): string => {
        try {
            return decodeURIComponent(s);
        } catch {
            throw new LiveConnectionError("bad DSN: malformed percent-encoding");
        }
    };
    const host = params.get("host") ?? (parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost");
    const portText = params.get("port") ?? (parsed.port || String(POSTGRES_PORT));
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new LiveConnectionError(`bad DSN: port '${portText}' is not a TCP port`);
    }
    const user = params.get("user") ?? decode(parsed.username);
    if (user === "") {
        throw new LiveConnectionError(`bad DSN: no user; expected ${DSN_SHAPE}`);
    }
    const database = params.get("dbname") ?? (decode(parsed.pathname.replace(/^\//, "")) || user);
    const password = params.get("password") ?? (parsed.password !== "" ? decode(parsed.password) : env.PGPASSWORD);
    const modeText = params.get("sslmode") ?? "verify-full";
    if (!(SSL_MODES as readonly string[]).includes(modeText)) {
        throw new LiveConnectionError(`bad DSN: sslmode '${modeText}' is not supported (use one of: ${SSL_MODES.join(", ")})`);
    }
    const sslMode = modeText as SslMode;
    const rootCert = params.get("sslrootcert");
    let ca: string | undefined;
    if (rootCert !== null && rootCert !== "system") {
        try {
            ca = fs.readFileSync(rootCert, "utf8");
        } catch (e) {
            throw new LiveConnectionError(`bad DSN: cannot read sslrootcert '${rootCert}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        }
    }
    if (sslMode === "verify-ca" && ca === undefined) {
        throw new LiveConnectionError("bad DSN: sslmode=verify-ca needs sslrootcert=<CA file>");
    }
    const timeoutText = params.get("connect_timeout") ?? "10";
    const connectTimeout = Number(timeoutText);
    if (!Number.isFinite(connectTimeout) || connectTimeout <= 0) {
        throw new LiveConnectionError(`bad DSN: connect_timeout '${timeoutText}' is not a positive number of seconds`);
    }
    let ssl: ClientConfig["ssl"];
    switch (sslMode) {
        case "disable":
            ssl = false;
            break;
        case "require":
            // libpq: require with a root certificate behaves as verify-ca.
            ssl = ca === undefined ? { rejectUnauthorized: false } : { ca, checkServerIdentity: () => undefined };
            break;
        case "verify-ca":
            ssl = { ca, checkServerIdentity: () => undefined };
            break;
        case "verify-full":
            ssl = ca === undefined ? { rejectUnauthorized: true } : { ca, rejectUnauthorized: true };
            break;
    }
    const config: ClientConfig = {
        host,
        port,
        user,
        database,
        password,
        ssl,
        application_name: params.get("application_name") ?? "hardened-postgres",
        connectionTimeoutMillis: connectTimeout * 1000,
        statement_timeout: 30_000,
        // Inspection never writes: every transaction of the session is read-only.
        options: "-c default_transaction_read_only=on",
    };
    return { config, target: { redactedUrl: redactUrl(url), host, port, database, user }, sslMode, serverIdentity: serverIdentityCheck(sslMode, ca !== undefined) };
}

/**
 * The URL without any password (userinfo or `password=` parameter): the only form of a DSN we print or record.
 * Text that is not a URL is replaced entirely, since we cannot tell where a password would be in it.
 */
export function redactUrl(url: string): string {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return "<unparseable DSN>";
    }
    parsed.password = "";
    parsed.searchParams.delete("password");
    return parsed.toString();
}

/** Opens a client, turning every way of not getting one into a one-line `LiveConnectionError`. */
export async function connectForInspection(connection: InspectionConnection): Promise<Client> {
    const client = new Client(connection.config);
    // A dropped connection after connect emits 'error'; without a listener Node would crash the process.
    client.on("error", () => undefined);
    try {
        await client.connect();
    } catch (e) {
        await client.end().catch(() => undefined);
        throw new LiveConnectionError(describeConnectError(e, connection));
    }
    return client;
}

/** A one-line, secret-free explanation of a failed connection attempt. */
export function describeConnectError(e: unknown, connection: InspectionConnection): string {
    const { host, port, user, database } = connection.target;
    const where = `${host}:${port}`;
    const err = e as { code?: string; message?: string };
    const message = (err?.message ?? String(e)).split("\n")[0];
    switch (err?.code) {
        case "ECONNREFUSED":
            return `cannot reach PostgreSQL at ${where}: connection refused (is the server running? for the local cluster: hardened-postgres local up)`;
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return `cannot reach PostgreSQL at ${where}: host '${host}' not found`;
        case "ETIMEDOUT":
        case "EHOSTUNREACH":
        case "ENETUNREACH":
            return `cannot reach PostgreSQL at ${where}: ${err.code}`;
        case "ECONNRESET":
            return `PostgreSQL at ${where} closed the connection (${message})`;
        case "28P01":
            return `authentication failed for user "${user}" at ${where} (wrong password?)`;
        case "28000":
            return /no encryption/.test(message)
                ? `the server at ${where} refused a connection without TLS; use sslmode=verify-full with sslrootcert=<CA file> in --url`
                : `the server at ${where} refused user "${user}": ${message}`;
        case "3D000":
            return `database "${database}" does not exist at ${where}`;
        case "DEPTH_ZERO_SELF_SIGNED_CERT":
        case "SELF_SIGNED_CERT_IN_CHAIN":
        case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
        case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
        case "CERT_HAS_EXPIRED":
        case "ERR_TLS_CERT_ALTNAME_INVALID":
            return describeTlsFailure(err.code, message, connection);
    }
    // node-postgres's words when the server asks for a password and none was given (URL, PGPASSWORD or pgpass file).
    if (/client password must be a string/.test(message)) {
        return `no password for user "${user}" at ${where}: the server asks for one. Fix: put it in --url (postgresql://${user}:<password>@…), or set PGPASSWORD, or name a pgpass file with PGPASSFILE`;
    }
    if (/does not support SSL/i.test(message)) {
        return `the server at ${where} does not support TLS`;
    }
    if (/timeout/i.test(message)) {
        return `cannot reach PostgreSQL at ${where}: timed out`;
    }
    return `cannot connect to PostgreSQL at ${where} as "${user}": ${message}`;
}

/**
 * Why the server's certificate was not accepted, and the fix: a CA that was given is not what is wrong when the host
 * name is not in the certificate, or the certificate has expired.
 */
function describeTlsFailure(code: string, message: string, connection: InspectionConnection): string {
    const { host, port } = connection.target;
    const where = `${host}:${port}`;
    const rootCert = new URL(connection.target.redactedUrl).searchParams.get("sslrootcert");
    const given = rootCert !== null && rootCert !== "system";
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
        return `TLS verification of the server at ${where} failed: its certificate is not issued for the host name '${host}' (${message}). Fix: use in --url a host name that the certificate names`;
    }
    if (code === "CERT_HAS_EXPIRED") {
        return `TLS verification of the server at ${where} failed: its certificate has expired (${message}). Fix: renew the server's certificate`;
    }
    return given
        ? `TLS verification of the server at ${where} failed (${code}): its certificate is not signed by the CA in sslrootcert=${rootCert} (${message}). Fix: pass the CA that issued the server's certificate with sslrootcert=<CA file> in --url`
        : `TLS verification of the server at ${where} failed (${code}); pass its CA with sslrootcert=<CA file> in --url (${message})`;
}

/** Marks the moment the server asked a plaintext connection for credentials: the probe never sends any. */
class PasswordRequested extends Error {}

/**
 * Tries to connect with TLS off and no password. A server that enforces TLS refuses before authentication
 * (pg_hba.conf has no matching line; RDS answers the same way when rds.force_ssl=1). The probe never sends a password,
 * so it cannot leak one over an unencrypted connection.
 */
export async function probePlaintext(connection: InspectionConnection): Promise<PlaintextProbe> {
    const client = new Client({
        ...connection.config,
        ssl: false,
        password: async () => {
            throw new PasswordRequested("the server asked for a password on an unencrypted connection");
        },
    });
    client.on("error", () => undefined);
    try {
        await client.connect();
        return { outcome: "connected", message: "the server accepted a connection without TLS" };
    } catch (e) {
        if (e instanceof PasswordRequested) {
            return { outcome: "asked-for-password", message: e.message };
        }
        const err = e as { code?: string; message?: string };
        const message = (err?.message ?? String(e)).split("\n")[0];
        if (err?.code === "28000" && /no encryption/.test(message)) {
            return { outcome: "refused", sqlstate: err.code, message };
        }
        return { outcome: "inconclusive", message: err?.code ? `${err.code}: ${message}` : message };
    } finally {
        await client.end().catch(() => undefined);
    }
}
