import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { POSTGRES_PORT } from "../catalog";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type NetworkSettings = Pick<ResolvedSettings, "identifier" | "vpcId" | "subnetIds" | "allowedSecurityGroupIds" | "allowedCidrBlocks"> & TagSettings;

export interface DatabaseNetwork {
    subnetGroup: aws.rds.SubnetGroup;
    securityGroup: aws.ec2.SecurityGroup;
    ingressRules: aws.vpc.SecurityGroupIngressRule[];
}

/**
 * The security group's name is generated from this prefix (the provider appends a unique suffix): a change to its
 * description or VPC replaces it, and a fixed name can't be replaced: created first it collides (InvalidGroup.Duplicate),
 * deleted first it is refused while the instance uses it (DependencyViolation). With a new name the replacement is
 * created, the instance moves to it (RDS applies a security group change at once, without an outage) and the old one goes.
 */
export function securityGroupNamePrefix(identifier: string): string {
    return `${identifier}-db-`;
}

/**
 * The subnet group keeps its fixed name `<identifier>-subnets`: only a name change replaces it (its description and
 * subnets update in place), the name changes only with the identifier, and it is deleted with the stack, so no
 * replacement or re-created stack can meet the old one. A generated name would instead move every existing instance to a
 * new subnet group, which RDS does with an outage, and only in the maintenance window unless applied immediately.
 */
export function subnetGroupName(identifier: string): string {
    return `${identifier}-subnets`;
}

/**
 * The subnet group and a security group that admits 5432 only from the given security groups and private
 * CIDRs (HPG-NET-01). No egress rule: the provider removes AWS's default allow-all egress, and RDS needs none.
 */
export function createNetwork(name: string, settings: NetworkSettings, parent: pulumi.Resource): DatabaseNetwork {
    const tags = standardTags(settings);
    const subnetGroup = new aws.rds.SubnetGroup(
        `${name}-subnets`,
        { name: subnetGroupName(settings.identifier), description: `Private subnets of ${settings.identifier}`, subnetIds: settings.subnetIds, tags },
        { parent },
    );
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        { namePrefix: securityGroupNamePrefix(settings.identifier), description: `PostgreSQL ${settings.identifier}: 5432 from named sources only`, vpcId: settings.vpcId, tags },
        { parent },
    );
    const rule = (suffix: string, source: Partial<aws.vpc.SecurityGroupIngressRuleArgs>, description: string) =>
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-ingress-${suffix}`,
            { securityGroupId: securityGroup.id, ipProtocol: "tcp", fromPort: POSTGRES_PORT, toPort: POSTGRES_PORT, description, tags, ...source },
            { parent },
        );
    const ingressRules = [
        ...settings.allowedSecurityGroupIds.map((sg, i) => rule(`sg-${i}`, { referencedSecurityGroupId: sg }, "PostgreSQL from an allowed security group")),
        ...settings.allowedCidrBlocks.map((cidr, i) => rule(`cidr-${i}`, { cidrIpv4: cidr }, `PostgreSQL from private ${cidr}`)),
    ];
    return { subnetGroup, securityGroup, ingressRules };
}
