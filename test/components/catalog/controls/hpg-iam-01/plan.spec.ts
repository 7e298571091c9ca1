import { iamAuth as policy } from "../../../../../components/catalog/controls/hpg-iam-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-iam-01-iam-auth", () => {
    it("passes IAM database authentication on", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
    });

    it("advises (does not block) when IAM database authentication is off", async () => {
        expect(lines(await validateResource(policy, instance({ iamDatabaseAuthenticationEnabled: false })))).toEqual([
            "advisory [HPG-IAM-01] RDS instance 'db': iamDatabaseAuthenticationEnabled is not true; set iamDatabaseAuthenticationEnabled: true",
        ]);
    });

    it("blocks when configured mandatory", async () => {
        const diagnostics = await validateResource(policy, instance({ iamDatabaseAuthenticationEnabled: undefined }), { "hpg-iam-01-iam-auth": "mandatory" });
        expect(diagnostics.map((d) => [d.enforcementLevel, d.control])).toEqual([["mandatory", "HPG-IAM-01"]]);
    });
});
