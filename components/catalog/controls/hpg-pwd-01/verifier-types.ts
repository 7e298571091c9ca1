import { PASSWORD_VERIFIER_TYPES_FUNCTION } from "../../facts/roles";

/**
 * How HPG-PWD-01 learns what kind of password each role has stored, without ever reading the stored hash itself.
 * The build side (components/database-access passwordVerifierTypesSql) creates the function from these; the live check
 * calls it, or runs the same query itself where it may read pg_authid.
 */

/** What a role's stored password is, as PostgreSQL's get_password_type (libpq/crypt.c) tells them apart, or none. */
export type VerifierType = "scram-sha-256" | "md5" | "plaintext" | "none";
export const VERIFIER_TYPES: readonly VerifierType[] = ["scram-sha-256", "md5", "plaintext", "none"];

/**
 * `hpg.password_verifier_types()`: SECURITY DEFINER, owned by a superuser, EXECUTE for the auditor group only. The
 * schema is the access model's helper schema; HPG-ROLE-01 exempts exactly this signature for the auditor group.
 */
export const VERIFIER_TYPES_FUNCTION = PASSWORD_VERIFIER_TYPES_FUNCTION;

/** What the function's definition pins, so any other search_path can't substitute an operator or function. */
export const VERIFIER_TYPES_SEARCH_PATH = "pg_catalog, pg_temp";

/**
 * The function's body and the query a role that may read pg_authid runs itself: one row per role with its
 * verifier's type, never the verifier. An MD5 verifier is 'md5' and 32 lower-case hex digits; a SCRAM one is
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` with 32-byte keys; PostgreSQL takes anything else as plaintext.
 */
export const VERIFIER_TYPES_QUERY = [
    `SELECT a.rolname AS "role",`,
    `       CASE WHEN a.rolpassword IS NULL THEN 'none'`,
    `            WHEN a.rolpassword ~ '^md5[0-9a-f]{32}$' THEN 'md5'`,
    `            WHEN a.rolpassword ~ '^SCRAM-SHA-256[$][0-9]+:[A-Za-z0-9+/]+={0,2}[$][A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$' THEN 'scram-sha-256'`,
    `            ELSE 'plaintext' END AS "verifier_type"`,
    `FROM pg_catalog.pg_authid AS a`,
    `ORDER BY 1`,
].join("\n");
