import * as crypto from "crypto";
import { quoteIdent, quoteLiteral } from "./sql-quote";

/** PostgreSQL's default SCRAM iteration count (scram_iterations in 16+). */
export const SCRAM_ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, as libpq's PQencryptPasswordConn builds it).
 * Sending the verifier instead of the password keeps the plaintext out of the server, its logs and pgaudit (HPG-PWD-01).
 * Passwords must be printable ASCII, where SASLprep changes nothing.
 */
export function scramSha256Verifier(password: string, salt: Buffer = crypto.randomBytes(16), iterations = SCRAM_ITERATIONS): string {
    if (!/^[\x20-\x7e]+$/.test(password)) {
        throw new Error("a role password must be non-empty printable ASCII");
    }
    if (salt.length < 16) {
        throw new Error("a SCRAM salt must be at least 16 bytes");
    }
    const salted = crypto.pbkdf2Sync(password, salt, iterations, 32, "sha256");
    const clientKey = crypto.createHmac("sha256", salted).update("Client Key").digest();
    const storedKey = crypto.createHash("sha256").update(clientKey).digest();
    const serverKey = crypto.createHmac("sha256", salted).update("Server Key").digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** `ALTER ROLE … PASSWORD '<SCRAM verifier>'`: the statement carries the verifier, never the password. Never log it anyway. */
export function rolePasswordSql(role: string, password: string, salt?: Buffer): string {
    return `ALTER ROLE ${quoteIdent(role)} PASSWORD ${quoteLiteral(scramSha256Verifier(password, salt))}`;
}
