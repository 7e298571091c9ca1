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
 * The subnet group and a security group that admits 5432 only from the given security groups and private
 * CIDRs (HPG-NET-01). No egress rule: the provider removes AWS's default allow-all egress, and RDS needs none.
 */
export function createNetwork(name: string, settings: NetworkSettings, parent: pulumi.Resource): DatabaseNetwork {
    const tags = standardTags(settings);
    const subnetGroup = new aws.rds.SubnetGroup(
        `${name}-subnets`,
        { name: `${settings.identifier}-subnets`, description: `Private subnets of ${settings.identifier}`, subnetIds: settings.subnetIds, tags },
        { parent },
    );
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        { name: `${settings.identifier}-db`, description: `PostgreSQL ${settings.identifier}: 5432 from named sources only`, vpcId: settings.vpcId, tags },
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
