import { scramPasswords as policy } from "../../../../../components/catalog/controls/hpg-pwd-01/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-pwd-01-scram-passwords", () => {
    it("passes the default (scram-sha-256) and an explicit scram-sha-256", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ password_encryption: "SCRAM-SHA-256" }))).toEqual([]);
    });

    it("blocks md5", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ password_encryption: "md5" })))).toEqual([
            "mandatory [HPG-PWD-01] parameter group 'db-params': password_encryption is 'md5'; set it to 'scram-sha-256'",
        ]);
    });
});
