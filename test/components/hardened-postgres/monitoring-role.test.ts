import * as pulumi from "@pulumi/pulumi";
import { createMonitoringRole, monitoringTrustPolicy } from "../../../components/hardened-postgres/monitoring-role";
import { MOCK_ACCOUNT, MOCK_REGION, PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

describe("createMonitoringRole", () => {
    it("creates a role only RDS enhanced monitoring can assume, for this instance in this account only (confused deputy), with AWS's monitoring policy (HPG-MON-01)", async () => {
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
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "monitoring.rds.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: {
                                "aws:SourceAccount": MOCK_ACCOUNT,
                                "aws:SourceArn": `arn:aws:rds:${MOCK_REGION}:${MOCK_ACCOUNT}:db:orders-db`,
                            },
                        },
                    },
                ],
            }),
            tags: { "data-classification": "confidential", "compliance-posture": "soc2", "managed-by": "hardened-postgres" },
        });
        expect(recorder.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "orders-monitoring-policy").inputs).toEqual({
            role: "orders-monitoring-role",
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        });
    });
});

describe("monitoringTrustPolicy", () => {
    it("names the instance's ARN in the stack's own partition, region and account", () => {
        expect(JSON.parse(monitoringTrustPolicy({ partition: "aws-cn", region: "cn-north-1", accountId: "111122223333" }, "orders-db")).Statement[0].Condition).toEqual({
            StringEquals: { "aws:SourceAccount": "111122223333", "aws:SourceArn": "arn:aws-cn:rds:cn-north-1:111122223333:db:orders-db" },
        });
    });
});
