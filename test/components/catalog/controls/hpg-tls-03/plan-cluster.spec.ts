import { clusterCurrentCa as policy } from "../../../../../components/catalog/controls/hpg-tls-03/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const CAS = "rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1";

describe("hpg-tls-03-cluster-current-ca", () => {
    it("passes an Aurora member and a Multi-AZ DB cluster on a current CA; an Aurora cluster's members carry the CA", async () => {
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
    });

    it.each([
        ["no CA (the region's default)", undefined, `caCertIdentifier is not set, so RDS picks the region's default CA; set caCertIdentifier to one of ${CAS}`],
        ["an expired CA", "rds-ca-2019", `caCertIdentifier is 'rds-ca-2019', not a current CA; set caCertIdentifier to one of ${CAS}`],
    ])("blocks an Aurora member with %s", async (_case, caCertIdentifier, expected) => {
        expect(lines(await validateResource(policy, clusterInstance({ caCertIdentifier })))).toEqual([`mandatory [HPG-TLS-03] RDS cluster instance 'member': ${expected}`]);
    });

    it.each([
        ["no CA (the region's default)", undefined, `caCertificateIdentifier is not set, so RDS picks the region's default CA; set caCertificateIdentifier to one of ${CAS}`],
        ["an expired CA", "rds-ca-2019", `caCertificateIdentifier is 'rds-ca-2019', not a current CA; set caCertificateIdentifier to one of ${CAS}`],
    ])("blocks a Multi-AZ DB cluster with %s", async (_case, caCertificateIdentifier, expected) => {
        expect(lines(await validateResource(policy, multiAzCluster({ caCertificateIdentifier })))).toEqual([`mandatory [HPG-TLS-03] RDS cluster 'cluster': ${expected}`]);
    });
});
