import { currentCa as policy } from "../../../../../components/catalog/controls/hpg-tls-03/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set caCertIdentifier to one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1";

describe("hpg-tls-03-current-ca", () => {
    it.each(["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"])("passes %s", async (ca) => {
        expect(await validateResource(policy, instance({ caCertIdentifier: ca }))).toEqual([]);
    });

    it.each([
        ["an expired CA", "rds-ca-2019", `caCertIdentifier is 'rds-ca-2019', not a current CA; ${FIX}`],
        ["no CA (the region's default)", undefined, `caCertIdentifier is not set, so RDS picks the region's default CA; ${FIX}`],
    ])("blocks %s", async (_case, ca, expected) => {
        expect(lines(await validateResource(policy, instance({ caCertIdentifier: ca })))).toEqual([`mandatory [HPG-TLS-03] RDS instance 'db': ${expected}`]);
    });

    it("takes the allowed CAs from the policy config", async () => {
        const config = { "hpg-tls-03-current-ca": { allowedCaCertIdentifiers: ["rds-ca-ecc384-g1"] } };
        expect(lines(await validateResource(policy, instance(), config))).toEqual([
            "mandatory [HPG-TLS-03] RDS instance 'db': caCertIdentifier is 'rds-ca-rsa2048-g1', not a current CA; set caCertIdentifier to one of rds-ca-ecc384-g1",
        ]);
    });
});
