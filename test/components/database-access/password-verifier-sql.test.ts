import { VERIFIER_TYPES_FUNCTION, VERIFIER_TYPES_QUERY } from "../../../components/catalog/controls/hpg-pwd-01/verifier-types";
import { HELPER_SCHEMA, resolveAccessModel } from "../../../components/database-access/model";
import { passwordVerifierTypesSql } from "../../../components/database-access/password-verifier-sql";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { quoteLiteral } from "../../../components/database-access/sql-quote";

describe("passwordVerifierTypesSql (HPG-PWD-01)", () => {
    test("creates the catalog's function in the helper schema: superuser-owned SECURITY DEFINER, pinned search_path, EXECUTE for the auditor group only", () => {
        expect(VERIFIER_TYPES_FUNCTION.schema).toBe(HELPER_SCHEMA);
        expect(passwordVerifierTypesSql(resolveAccessModel(SAMPLE_ACCESS_MODEL))).toEqual([
            `CREATE OR REPLACE FUNCTION "hpg"."password_verifier_types"() RETURNS TABLE (role name, verifier_type text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS ${quoteLiteral(VERIFIER_TYPES_QUERY)}`,
            `ALTER FUNCTION "hpg"."password_verifier_types"() OWNER TO CURRENT_USER`,
            `REVOKE ALL ON FUNCTION "hpg"."password_verifier_types"() FROM PUBLIC`,
            `GRANT EXECUTE ON FUNCTION "hpg"."password_verifier_types"() TO "hpg_auditor"`,
        ]);
    });

    test("quotes a custom auditor group name", () => {
        const m = resolveAccessModel({ ...SAMPLE_ACCESS_MODEL, groups: { auditor: 'Audit "Team"' } });
        expect(passwordVerifierTypesSql(m).at(-1)).toBe(`GRANT EXECUTE ON FUNCTION "hpg"."password_verifier_types"() TO "Audit ""Team"""`);
    });

    test("the body selects only each role's name and its verifier's type, never the verifier", () => {
        expect(VERIFIER_TYPES_QUERY).toMatch(/^SELECT a\.rolname AS "role",/);
        expect(VERIFIER_TYPES_QUERY).toMatch(/END AS "verifier_type"\nFROM pg_catalog\.pg_authid AS a\nORDER BY 1$/);
        expect(VERIFIER_TYPES_QUERY.match(/rolpassword/g)).toHaveLength(3);
        expect(VERIFIER_TYPES_QUERY.match(/rolpassword (IS NULL|~ ')/g)).toHaveLength(3);
    });
});
