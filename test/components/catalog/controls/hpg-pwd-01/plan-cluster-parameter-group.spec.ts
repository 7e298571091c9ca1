import { clusterScramPasswords as policy } from "../../../../../components/catalog/controls/hpg-pwd-01/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-pwd-01-cluster-scram-passwords", () => {
    it("passes the hardened group, and Aurora 14+'s scram-sha-256 default", async () => {
        expect(await validateResource(policy, clusterParameterGroup())).toEqual([]);
        expect(await validateResource(policy, clusterParameterGroup({ password_encryption: undefined }, "aurora-postgresql14"))).toEqual([]);
    });

    it("blocks password_encryption md5", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ password_encryption: "md5" })))).toEqual([
            "mandatory [HPG-PWD-01] cluster parameter group 'cluster-params': password_encryption is 'md5'; set it to 'scram-sha-256'",
        ]);
    });

    it("blocks an undeclared password_encryption in a Multi-AZ DB cluster group: it runs RDS for PostgreSQL, whose postgres16 default is unconfirmed", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ password_encryption: undefined }, "postgres16")))).toEqual([
            "mandatory [HPG-PWD-01] cluster parameter group 'cluster-params': password_encryption is not declared and the catalog has no confirmed RDS default for family 'postgres16'; declare it: set it to 'scram-sha-256'",
        ]);
    });

    it("passes a Multi-AZ DB cluster group that declares password_encryption", async () => {
        expect(await validateResource(policy, clusterParameterGroup({}, "postgres16"))).toEqual([]);
    });

    it("blocks rds.accepted_password_auth_method md5+scram, declared or left at Aurora's default", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "rds.accepted_password_auth_method": "md5+scram" })))).toEqual([
            "mandatory [HPG-PWD-01] cluster parameter group 'cluster-params': rds.accepted_password_auth_method is 'md5+scram'; set it to 'scram'",
        ]);
        expect(lines(await validateResource(policy, clusterParameterGroup({ "rds.accepted_password_auth_method": undefined })))).toEqual([
            "mandatory [HPG-PWD-01] cluster parameter group 'cluster-params': rds.accepted_password_auth_method is not declared, so it is the aurora-postgresql16 default 'md5+scram'; set it to 'scram'",
        ]);
    });

    it("blocks an Aurora instance group that declares md5", async () => {
        expect(lines(await validateResource(policy, auroraInstanceGroup({ password_encryption: "md5" })))).toEqual([
            "mandatory [HPG-PWD-01] Aurora instance parameter group 'member-params': password_encryption is 'md5'; set it to 'scram-sha-256'",
        ]);
    });
});
