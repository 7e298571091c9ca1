import * as pulumi from "@pulumi/pulumi";
import { createNetwork, NetworkSettings } from "../../../components/hardened-postgres/network";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const TAGS = { team: "payments", "data-classification": "pci", "compliance-posture": "pci", "managed-by": "hardened-postgres" };
const settings = (identifier: string, more: Partial<NetworkSettings> = {}): NetworkSettings => ({
    identifier,
    vpcId: "vpc-0c0d0e0f1a2b3c4d5",
    subnetIds: ["subnet-a", "subnet-b"],
    allowedSecurityGroupIds: [],
    allowedCidrBlocks: [],
    tags: { team: "payments" },
    dataClassification: "pci",
    posture: "pci",
    optOuts: {},
    ...more,
});

async function build(name: string, more: Partial<NetworkSettings>) {
    const parent = new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
    const network = createNetwork(name, settings(`${name}-db`, more), parent);
    await valueOf(pulumi.all([network.securityGroup.id, ...network.ingressRules.map((r) => r.id)]));
    await recorder.settle();
    return network;
}

describe("createNetwork", () => {
    it("creates the subnet group and a security group with no egress rule", async () => {
        const network = await build("orders", { allowedSecurityGroupIds: ["sg-app"] });
        expect(recorder.one("aws:rds/subnetGroup:SubnetGroup", "orders-subnets").inputs).toEqual({
            name: "orders-db-subnets",
            description: "Private subnets of orders-db",
            subnetIds: ["subnet-a", "subnet-b"],
            tags: TAGS,
        });
        expect(recorder.one("aws:ec2/securityGroup:SecurityGroup", "orders-sg").inputs).toEqual({
            namePrefix: "orders-db-db-",
            description: "PostgreSQL orders-db: 5432 from named sources only",
            vpcId: "vpc-0c0d0e0f1a2b3c4d5",
            tags: TAGS,
        });
        expect(recorder.resources.filter((r) => r.name.startsWith("orders-") && /egress/i.test(r.type))).toEqual([]);
        expect(await valueOf(network.subnetGroup.name)).toBe("orders-db-subnets");
    });

    it("admits 5432 from each named security group, including one known only at deployment, and each private CIDR (HPG-NET-01)", async () => {
        const network = await build("app", {
            allowedSecurityGroupIds: ["sg-app", pulumi.output(Promise.resolve("sg-worker"))],
            allowedCidrBlocks: ["10.20.0.0/16"],
        });
        const common = { securityGroupId: "app-sg-id", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, tags: TAGS };
        // Registrations arrive as their inputs resolve, so in name order here.
        const ingress = recorder
            .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.name.startsWith("app-"))
            .sort((a, b) => a.name.localeCompare(b.name));
        expect(ingress.map((r) => ({ name: r.name, inputs: r.inputs }))).toEqual([
            { name: "app-ingress-cidr-0", inputs: { ...common, cidrIpv4: "10.20.0.0/16", description: "PostgreSQL from private 10.20.0.0/16" } },
            { name: "app-ingress-sg-0", inputs: { ...common, referencedSecurityGroupId: "sg-app", description: "PostgreSQL from an allowed security group" } },
            { name: "app-ingress-sg-1", inputs: { ...common, referencedSecurityGroupId: "sg-worker", description: "PostgreSQL from an allowed security group" } },
        ]);
        expect(network.ingressRules).toHaveLength(3);
    });
});
