import * as pulumi from "@pulumi/pulumi";
import { createMonitoringRole } from "../../../components/hardened-postgres/monitoring-role";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

describe("createMonitoringRole", () => {
    it("creates a role only RDS enhanced monitoring can assume, with AWS's monitoring policy (HPG-MON-01)", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "orders");
        const { role, attachment } = createMonitoringRole(
            "orders",
            { identifier: "orders-db", tags: {}, dataClassification: "confidential", posture: "soc2", optOuts: {} },
            parent,
        );
        await valueOf(pulumi.all([role.arn, attachment.id]));
        await recorder.settle();
        expect(recorder.one("aws:iam/role:Role", "orders-monitoring").inputs).toEqual({
            description: "Enhanced monitoring for RDS instance orders-db",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: { "data-classification": "confidential", "compliance-posture": "soc2", "managed-by": "hardened-postgres" },
        });
        expect(recorder.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "orders-monitoring-policy").inputs).toEqual({
            role: "orders-monitoring-role",
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        });
    });
});
