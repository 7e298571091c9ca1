import * as aws from "@pulumi/aws";
import { privateIngress as policy } from "../../../../../components/catalog/controls/hpg-net-01/plan-private-ingress";
import { AnalyzedResource } from "../../../../../policies/offline-check/evaluate";
import { instance } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, resource, validateStack } from "../../../../support/policy-harness";

const FIX = "admit 5432 only from security groups, prefix lists or private CIDRs (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7)";

/** An aws.vpc.SecurityGroupIngressRule `db-ingress`: tcp 5432 into the database's group, from `source`. */
function vpcRule(source: Record<string, unknown>): AnalyzedResource {
    return resource(aws.vpc.SecurityGroupIngressRule, "db-ingress", { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, ...source });
}

/** An aws.ec2.SecurityGroupRule `db-rule`: an ingress rule for tcp 5432, with `props` applied. */
function ec2Rule(props: Record<string, unknown>): AnalyzedResource {
    return resource(aws.ec2.SecurityGroupRule, "db-rule", { type: "ingress", securityGroupId: "sg-db", protocol: "tcp", fromPort: 5432, toPort: 5432, ...props });
}

/** An aws.ec2.SecurityGroup `db-sg` with inline ingress blocks (tcp 5432 unless a block says otherwise). */
function group(...ingress: Record<string, unknown>[]): AnalyzedResource {
    return resource(aws.ec2.SecurityGroup, "db-sg", { vpcId: "vpc-1", ingress: ingress.map((block) => ({ protocol: "tcp", fromPort: 5432, toPort: 5432, ...block })) });
}

const blocked = (kind: string, name: string, problem: string) => `mandatory [HPG-NET-01] ${kind} '${name}': ${problem}, which is not a private range; ${FIX}`;

describe("hpg-net-01-private-ingress", () => {
    it.each([
        ["a security group reference", vpcRule({ referencedSecurityGroupId: "sg-app" })],
        ["a private IPv4 CIDR", vpcRule({ cidrIpv4: "10.20.0.0/16" })],
        ["an IPv6 unique local CIDR", vpcRule({ cidrIpv6: "fd12:3456:789a::/48" })],
        ["all of fc00::/7", vpcRule({ cidrIpv6: "fc00::/7" })],
        ["a prefix list", vpcRule({ prefixListId: "pl-0123456789abcdef0" })],
        ["0.0.0.0/0 on 443, which doesn't cover 5432", vpcRule({ cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 })],
        ["0.0.0.0/0 on udp 5432 (PostgreSQL speaks TCP only)", vpcRule({ cidrIpv4: "0.0.0.0/0", ipProtocol: "udp" })],
        ["an ec2 rule from a security group and private CIDRs", ec2Rule({ sourceSecurityGroupId: "sg-app", cidrBlocks: ["172.16.0.0/12", "192.168.1.0/24"] })],
        ["an ec2 rule from 0.0.0.0/0 on 443", ec2Rule({ cidrBlocks: ["0.0.0.0/0"], fromPort: 443, toPort: 443 })],
        ["an ec2 egress rule to 0.0.0.0/0", ec2Rule({ type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })],
        ["inline ingress from security groups, self and a private CIDR", group({ securityGroups: ["sg-app"] }, { self: true }, { cidrBlocks: ["10.0.0.0/8"] })],
        ["inline ingress from 0.0.0.0/0 on 443", group({ cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], fromPort: 443, toPort: 443 })],
        ["a security group without inline ingress", resource(aws.ec2.SecurityGroup, "db-sg", { vpcId: "vpc-1" })],
    ])("passes %s", async (_case, subject) => {
        expect(await validateStack(policy, [subject])).toEqual([]);
    });

    it.each([
        ["0.0.0.0/0 via aws.vpc.SecurityGroupIngressRule", vpcRule({ cidrIpv4: "0.0.0.0/0" }), "security group ingress rule", "db-ingress", "admits tcp 5432 from '0.0.0.0/0' (cidrIpv4)"],
        ["0.0.0.0/0 via aws.ec2.SecurityGroupRule", ec2Rule({ cidrBlocks: ["0.0.0.0/0"] }), "security group rule", "db-rule", "admits tcp 5432 from '0.0.0.0/0' (cidrBlocks)"],
        ["0.0.0.0/0 via inline ingress", group({ cidrBlocks: ["0.0.0.0/0"] }), "security group", "db-sg", "ingress[0] admits tcp 5432 from '0.0.0.0/0' (cidrBlocks)"],
        ["::/0 via cidrIpv6", vpcRule({ cidrIpv6: "::/0" }), "security group ingress rule", "db-ingress", "admits tcp 5432 from '::/0' (cidrIpv6)"],
        ["::/0 via ipv6CidrBlocks", ec2Rule({ ipv6CidrBlocks: ["::/0"] }), "security group rule", "db-rule", "admits tcp 5432 from '::/0' (ipv6CidrBlocks)"],
        ["a public IPv6 range", vpcRule({ cidrIpv6: "2001:db8::/32" }), "security group ingress rule", "db-ingress", "admits tcp 5432 from '2001:db8::/32' (cidrIpv6)"],
        ["a range wider than fc00::/7", vpcRule({ cidrIpv6: "fc00::/6" }), "security group ingress rule", "db-ingress", "admits tcp 5432 from 'fc00::/6' (cidrIpv6)"],
        ["a public /24", vpcRule({ cidrIpv4: "203.0.113.0/24" }), "security group ingress rule", "db-ingress", "admits tcp 5432 from '203.0.113.0/24' (cidrIpv4)"],
        ["a range wider than 10.0.0.0/8", vpcRule({ cidrIpv4: "10.0.0.0/7" }), "security group ingress rule", "db-ingress", "admits tcp 5432 from '10.0.0.0/7' (cidrIpv4)"],
        [
            "protocol -1 (all ports)",
            vpcRule({ cidrIpv4: "0.0.0.0/0", ipProtocol: "-1", fromPort: undefined, toPort: undefined }),
            "security group ingress rule",
            "db-ingress",
            "admits all protocols and ports from '0.0.0.0/0' (cidrIpv4)",
        ],
        ["protocol all", ec2Rule({ protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }), "security group rule", "db-rule", "admits all protocols and ports from '0.0.0.0/0' (cidrBlocks)"],
        [
            "inline protocol -1 (ports 0 mean all)",
            group({ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
            "security group",
            "db-sg",
            "ingress[0] admits all protocols and ports from '0.0.0.0/0' (cidrBlocks)",
        ],
        ["tcp 0-65535", ec2Rule({ fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }), "security group rule", "db-rule", "admits tcp 0-65535 from '0.0.0.0/0' (cidrBlocks)"],
        ["protocol number 6 (TCP)", vpcRule({ ipProtocol: "6", fromPort: 5000, toPort: 6000, cidrIpv4: "0.0.0.0/0" }), "security group ingress rule", "db-ingress", "admits tcp 5000-6000 from '0.0.0.0/0' (cidrIpv4)"],
    ])("blocks %s", async (_case, subject, kind, name, problem) => {
        expect(lines(await validateStack(policy, [subject]))).toEqual([blocked(kind, name, problem)]);
    });

    it("reports each public source of a rule, and only those", async () => {
        const subject = group({ securityGroups: ["sg-app"] }, { cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"], ipv6CidrBlocks: ["fd00::/8", "::/0"] });
        expect(lines(await validateStack(policy, [subject]))).toEqual([
            blocked("security group", "db-sg", "ingress[1] admits tcp 5432 from '0.0.0.0/0' (cidrBlocks)"),
            blocked("security group", "db-sg", "ingress[1] admits tcp 5432 from '::/0' (ipv6CidrBlocks)"),
        ]);
    });

    it("can't run during preview while a source covering 5432 is unknown", async () => {
        expect(lines(await validateStack(policy, [vpcRule({ cidrIpv4: UNKNOWN.string })]))).toEqual([
            cantRunDuringPreview("hpg-net-01-private-ingress", "string value at .cidrIpv4"),
        ]);
        expect(lines(await validateStack(policy, [ec2Rule({ cidrBlocks: UNKNOWN.array })]))).toEqual([
            cantRunDuringPreview("hpg-net-01-private-ingress", "Array value at .cidrBlocks"),
        ]);
        expect(lines(await validateStack(policy, [group({ cidrBlocks: ["0.0.0.0/0"] }, { cidrBlocks: [UNKNOWN.string] })]))).toEqual([
            blocked("security group", "db-sg", "ingress[0] admits tcp 5432 from '0.0.0.0/0' (cidrBlocks)"),
            cantRunDuringPreview("hpg-net-01-private-ingress", "string value at .ingress.1.cidrBlocks.0"),
        ]);
    });

    it("judges during preview what it can: an unknown source on another port, and all protocols with unknown ports", async () => {
        expect(await validateStack(policy, [vpcRule({ cidrIpv4: UNKNOWN.string, fromPort: 443, toPort: 443 })])).toEqual([]);
        expect(lines(await validateStack(policy, [vpcRule({ ipProtocol: "-1", fromPort: UNKNOWN.number, toPort: UNKNOWN.number, cidrIpv4: "0.0.0.0/0" })]))).toEqual([
            blocked("security group ingress rule", "db-ingress", "admits all protocols and ports from '0.0.0.0/0' (cidrIpv4)"),
        ]);
    });

    describe("on the database's own port", () => {
        /** A PostgreSQL instance `db` listening on 2000. */
        const db2000 = instance({ port: 2000 });
        const fix2000 = (ports: string) => `admit ${ports} only from security groups, prefix lists or private CIDRs (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7)`;
        const on2000 = { fromPort: 2000, toPort: 2000 };
        /** Each violation as [urn, level, message], so a test sees which resource is blocked. */
        const located = async (...resources: AnalyzedResource[]) => (await validateStack(policy, resources)).map((d) => [d.urn, d.enforcementLevel, d.message]);

        it.each([
            ["from a private CIDR", vpcRule({ cidrIpv4: "10.0.0.0/8", ...on2000 })],
            ["from a security group", ec2Rule({ sourceSecurityGroupId: "sg-app", ...on2000 })],
            ["inline from a security group and an IPv6 unique local CIDR", group({ securityGroups: ["sg-app"], ipv6CidrBlocks: ["fd00::/8"], ...on2000 })],
            ["0.0.0.0/0 on 443 in another group, attached to no database", vpcRule({ cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443, securityGroupId: "sg-web" })],
            ["0.0.0.0/0 on a range that covers neither 2000 nor 5432 (3000-4000)", ec2Rule({ cidrBlocks: ["0.0.0.0/0"], fromPort: 3000, toPort: 4000 })],
            ["0.0.0.0/0 on udp 2000", vpcRule({ cidrIpv4: "0.0.0.0/0", ipProtocol: "udp", ...on2000 })],
        ])("passes a database on 2000 with ingress %s", async (_case, rule) => {
            expect(await validateStack(policy, [db2000, rule])).toEqual([]);
        });

        it.each([
            ["via inline ingress", group({ cidrBlocks: ["0.0.0.0/0"], ...on2000 }), "security group", "db-sg", "ingress[0] admits tcp 2000 from '0.0.0.0/0' (cidrBlocks)", "2000"],
            ["via aws.vpc.SecurityGroupIngressRule", vpcRule({ cidrIpv4: "0.0.0.0/0", ...on2000 }), "security group ingress rule", "db-ingress", "admits tcp 2000 from '0.0.0.0/0' (cidrIpv4)", "2000"],
            ["via aws.ec2.SecurityGroupRule", ec2Rule({ cidrBlocks: ["0.0.0.0/0"], ...on2000 }), "security group rule", "db-rule", "admits tcp 2000 from '0.0.0.0/0' (cidrBlocks)", "2000"],
            ["via IPv6 ::/0", vpcRule({ cidrIpv6: "::/0", ...on2000 }), "security group ingress rule", "db-ingress", "admits tcp 2000 from '::/0' (cidrIpv6)", "2000"],
            [
                "via all protocols (-1)",
                ec2Rule({ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
                "security group rule",
                "db-rule",
                "admits all protocols and ports from '0.0.0.0/0' (cidrBlocks)",
                "2000, 5432",
            ],
            ["via the range 1000-3000", vpcRule({ cidrIpv4: "0.0.0.0/0", fromPort: 1000, toPort: 3000 }), "security group ingress rule", "db-ingress", "admits tcp 1000-3000 from '0.0.0.0/0' (cidrIpv4)", "2000"],
        ])("blocks 2000 open to the world %s", async (_case, rule, kind, name, problem, ports) => {
            expect(await located(db2000, rule)).toEqual([[rule.urn, "mandatory", `[HPG-NET-01] ${kind} '${name}': ${problem}, which is not a private range; ${fix2000(ports)}`]]);
        });

        it("blocks the open port without a database in the stack only when it is 5432", async () => {
            expect(await validateStack(policy, [vpcRule({ cidrIpv4: "0.0.0.0/0", ...on2000 })])).toEqual([]);
            expect(lines(await validateStack(policy, [vpcRule({ cidrIpv4: "0.0.0.0/0" })]))).toHaveLength(1);
        });

        it("takes the port of an instance whose engine is spelt 'Postgres', and of a PostgreSQL cluster", async () => {
            const open = vpcRule({ cidrIpv4: "0.0.0.0/0", ...on2000 });
            expect(await located(instance({ engine: "Postgres", port: 2000 }), open)).toEqual([[open.urn, "mandatory", expect.stringContaining("admits tcp 2000")]]);
            const cluster = resource(aws.rds.Cluster, "cluster", { engine: "aurora-postgresql", port: 2000 });
            expect(await located(cluster, open)).toEqual([[open.urn, "mandatory", expect.stringContaining("admits tcp 2000")]]);
        });

        it("ignores the port of an Aurora member (its cluster's counts) and of a non-PostgreSQL database", async () => {
            const open = vpcRule({ cidrIpv4: "0.0.0.0/0", ...on2000 });
            expect(await validateStack(policy, [instance({ engine: "aurora-postgresql", port: 2000 }), open])).toEqual([]);
            expect(await validateStack(policy, [instance({ engine: "mysql", port: 2000 }), open])).toEqual([]);
            expect(await validateStack(policy, [resource(aws.rds.Cluster, "cluster", { engine: "aurora-mysql", port: 2000 }), open])).toEqual([]);
        });

        it("judges 5432 while a database's port is unknown during preview (RDS gives an instance without one 5432)", async () => {
            expect(lines(await validateStack(policy, [instance({ port: UNKNOWN.number }), vpcRule({ cidrIpv4: "0.0.0.0/0" })]))).toEqual([
                blocked("security group ingress rule", "db-ingress", "admits tcp 5432 from '0.0.0.0/0' (cidrIpv4)"),
            ]);
        });
    });
});
