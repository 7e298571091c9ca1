import { VERIFIER_TYPES_FUNCTION, VERIFIER_TYPES_QUERY, VERIFIER_TYPES_SEARCH_PATH } from "../catalog/controls/hpg-pwd-01/verifier-types";
import { ResolvedAccessModel } from "./model";
import { qualified, quoteIdent, quoteLiteral } from "./sql-quote";

/**
 * `hpg.password_verifier_types()`: each role with the type of its stored password ('scram-sha-256', 'md5', 'plaintext'
 * or 'none'), never the hash, for the auditor group only, so `verify` as the auditor can judge stored MD5 passwords
 * (HPG-PWD-01) without reading pg_authid. Self-managed only: run as a superuser, which the function then runs as
 * (RDS lets no one read pg_authid). Idempotent; ALTER … OWNER reclaims a function someone else created under the name.
 */
export function passwordVerifierTypesSql(m: ResolvedAccessModel): string[] {
    const fn = `${qualified(VERIFIER_TYPES_FUNCTION.schema, VERIFIER_TYPES_FUNCTION.name)}()`;
    return [
        // The body as a plain literal: prosrc is then exactly VERIFIER_TYPES_QUERY, which verify compares it to.
        `CREATE OR REPLACE FUNCTION ${fn} RETURNS TABLE (role name, verifier_type text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ${VERIFIER_TYPES_SEARCH_PATH}
AS ${quoteLiteral(VERIFIER_TYPES_QUERY)}`,
        `ALTER FUNCTION ${fn} OWNER TO CURRENT_USER`,
        `REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`,
        `GRANT EXECUTE ON FUNCTION ${fn} TO ${quoteIdent(m.groups.auditor)}`,
    ];
}
