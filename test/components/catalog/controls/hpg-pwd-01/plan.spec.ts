import { scramPasswords as policy } from "../../../../../components/catalog/controls/hpg-pwd-01/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-pwd-01-scram-passwords", () => {
    it("passes the hardened group (password_encryption scram-sha-256, rds.accepted_password_auth_method scram) and explicit spellings", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ password_encryption: "SCRAM-SHA-256", "rds.accepted_password_auth_method": "SCRAM" }))).toEqual([]);
    });

    it.each(["postgres14", "postgres15", "postgres16", "postgres17"])("blocks a %s group that doesn't declare password_encryption (RDS's default is unconfirmed)", async (family) => {
        expect(lines(await validateResource(policy, parameterGroup({ password_encryption: undefined }, family)))).toEqual([
            `mandatory [HPG-PWD-01] parameter group 'db-params': password_encryption is not declared and the catalog has no confirmed RDS default for family '${family}'; declare it: set it to 'scram-sha-256'`,
        ]);
    });

    it("blocks md5", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ password_encryption: "md5" })))).toEqual([
            "mandatory [HPG-PWD-01] parameter group 'db-params': password_encryption is 'md5'; set it to 'scram-sha-256'",
        ]);
    });

    it.each(["postgres14", "postgres15", "postgres16", "postgres17"])("blocks a %s group that doesn't declare rds.accepted_password_auth_method (RDS's default, md5+scram by the Aurora guide, is unconfirmed for RDS)", async (family) => {
        expect(lines(await validateResource(policy, parameterGroup({ "rds.accepted_password_auth_method": undefined }, family)))).toEqual([
            `mandatory [HPG-PWD-01] parameter group 'db-params': rds.accepted_password_auth_method is not declared and the catalog has no confirmed RDS default for family '${family}'; declare it: set it to 'scram'`,
        ]);
    });

    it("blocks rds.accepted_password_auth_method md5+scram", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ "rds.accepted_password_auth_method": "md5+scram" })))).toEqual([
            "mandatory [HPG-PWD-01] parameter group 'db-params': rds.accepted_password_auth_method is 'md5+scram'; set it to 'scram'",
        ]);
    });
});
