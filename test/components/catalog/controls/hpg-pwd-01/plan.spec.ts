import { scramPasswords as policy } from "../../../../../components/catalog/controls/hpg-pwd-01/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-pwd-01-scram-passwords", () => {
    it("passes the hardened group (password_encryption default scram-sha-256, rds.accepted_password_auth_method scram) and explicit spellings", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ password_encryption: "SCRAM-SHA-256", "rds.accepted_password_auth_method": "SCRAM" }))).toEqual([]);
    });

    it("blocks md5", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ password_encryption: "md5" })))).toEqual([
            "mandatory [HPG-PWD-01] parameter group 'db-params': password_encryption is 'md5'; set it to 'scram-sha-256'",
        ]);
    });

    it.each(["postgres14", "postgres15", "postgres16", "postgres17"])("blocks a %s group that leaves rds.accepted_password_auth_method at RDS's default md5+scram, which accepts MD5 logins", async (family) => {
        expect(lines(await validateResource(policy, parameterGroup({ "rds.accepted_password_auth_method": undefined }, family)))).toEqual([
            `mandatory [HPG-PWD-01] parameter group 'db-params': rds.accepted_password_auth_method is not declared, so it is the ${family} default 'md5+scram'; set it to 'scram'`,
        ]);
    });

    it("blocks rds.accepted_password_auth_method md5+scram", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ "rds.accepted_password_auth_method": "md5+scram" })))).toEqual([
            "mandatory [HPG-PWD-01] parameter group 'db-params': rds.accepted_password_auth_method is 'md5+scram'; set it to 'scram'",
        ]);
    });
});
