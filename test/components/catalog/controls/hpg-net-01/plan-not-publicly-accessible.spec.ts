import { notPubliclyAccessible as policy } from "../../../../../components/catalog/controls/hpg-net-01/plan-not-publicly-accessible";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-net-01-not-publicly-accessible", () => {
    it("passes a private instance, and one that leaves publiclyAccessible to its default (false)", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
        expect(await validateResource(policy, instance({ publiclyAccessible: undefined }))).toEqual([]);
    });

    it("blocks a publicly accessible instance", async () => {
        expect(lines(await validateResource(policy, instance({ publiclyAccessible: true })))).toEqual([
            "mandatory [HPG-NET-01] RDS instance 'db': publiclyAccessible is true, so the endpoint resolves to a public IP; set publiclyAccessible: false and reach it from private subnets",
        ]);
    });
});
