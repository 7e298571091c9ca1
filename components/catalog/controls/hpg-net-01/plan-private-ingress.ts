import * as aws from "@pulumi/aws";
import { ReportViolation, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import { IPV6_ULA_CIDR, POSTGRES_PORT, RFC1918_CIDRS, isPrivateCidr, isPrivateIpv6Cidr } from "../..";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";


/** Every protocol and port: the EC2 API's `-1`, which the provider also accepts as `all` (its ports are ignored). */
const ALL_PROTOCOLS: readonly string[] = ["-1", "all"];

/** PostgreSQL speaks TCP only, so a UDP or ICMP rule cannot carry a connection to it. */
const TCP_PROTOCOLS: readonly string[] = ["tcp", "6"];

/** The highest port number; an open upper bound reaches it. */
const MAX_PORT = 65535;

const FIX = `admit ${POSTGRES_PORT} only from security groups, prefix lists or private CIDRs (${[...RFC1918_CIDRS, IPV6_ULA_CIDR].join(", ")})`;

/**
 * The PostgreSQL traffic a rule admits, e.g. "tcp 5432", "tcp 0-65535" or "all protocols and ports"; undefined when
 * it admits none. Ports are read only for TCP, so an all-protocols rule is judged even while its ports are unknown.
 */
function postgresTraffic(protocol: string, ports: { fromPort?: number; toPort?: number }): string | undefined {
    const p = protocol.toLowerCase();
    if (ALL_PROTOCOLS.includes(p)) {
        return "all protocols and ports";
    }
    if (!TCP_PROTOCOLS.includes(p)) {
        return undefined;
    }
    // A missing or -1 bound leaves that end of the range open: fail closed.
    const from = ports.fromPort === undefined || ports.fromPort < 0 ? 0 : ports.fromPort;
    const to = ports.toPort === undefined || ports.toPort < 0 ? MAX_PORT : ports.toPort;
    if (from > POSTGRES_PORT || to < POSTGRES_PORT) {
        return undefined;
    }
    return from === to ? `tcp ${from}` : `tcp ${from}-${to}`;
}

/** Reports each CIDR of `field` that is not private. Security groups, `self` and prefix lists are named sources and pass. */
function reportPublicCidrs(traffic: string, field: string, cidrs: readonly string[], isPrivate: (cidr: string) => boolean, report: (problem: string) => void): void {
    for (const cidr of cidrs) {
        if (!isPrivate(cidr)) {
            report(`${traffic} from '${cidr}' (${field}), which is not a private range`);
        }
    }
}

function reporter(kind: string, args: ResourceValidationArgs, reportViolation: ReportViolation, prefix = ""): (problem: string) => void {
    return (problem) => reportViolation(violation(control.id, kind, args.name, `${prefix}admits ${problem}`, FIX));
}

/** The inline `ingress` blocks of an aws.ec2.SecurityGroup and standalone aws.ec2.SecurityGroupRule share these fields. */
interface Ec2Ingress {
    protocol: string;
    fromPort: number;
    toPort: number;
    cidrBlocks?: string[];
    ipv6CidrBlocks?: string[];
}

function judgeEc2Ingress(rule: Ec2Ingress, report: (problem: string) => void): void {
    const traffic = postgresTraffic(rule.protocol, rule);
    if (traffic !== undefined) {
        reportPublicCidrs(traffic, "cidrBlocks", rule.cidrBlocks ?? [], isPrivateCidr, report);
        reportPublicCidrs(traffic, "ipv6CidrBlocks", rule.ipv6CidrBlocks ?? [], isPrivateIpv6Cidr, report);
    }
}

/**
 * HPG-NET-01: no security group ingress that reaches 5432 from a public network. Every security group in the stack
 * is judged, not only the database's: a group can be attached to a database at any time, in this stack or another.
 */
export const privateIngress: ControlPolicy = {
    name: "hpg-net-01-private-ingress",
    judges: "security-group ingress reaching 5432 (tcp or all protocols; `aws.vpc.SecurityGroupIngressRule`, `aws.ec2.SecurityGroupRule`, inline `ingress` of `aws.ec2.SecurityGroup`): only from security groups, prefix lists, RFC 1918 or fc00::/7 CIDRs",
    ...controlMetadata(control),
    validateResource: [
        validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, args, reportViolation) => {
            const traffic = postgresTraffic(rule.ipProtocol, rule);
            if (traffic === undefined) {
                return args.notApplicable("the rule admits no PostgreSQL traffic");
            }
            const report = reporter("security group ingress rule", args, reportViolation);
            reportPublicCidrs(traffic, "cidrIpv4", rule.cidrIpv4 !== undefined ? [rule.cidrIpv4] : [], isPrivateCidr, report);
            reportPublicCidrs(traffic, "cidrIpv6", rule.cidrIpv6 !== undefined ? [rule.cidrIpv6] : [], isPrivateIpv6Cidr, report);
        }),
        validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, args, reportViolation) => {
            if (rule.type !== "ingress") {
                return args.notApplicable(`'${rule.type}' is not an ingress rule`);
            }
            judgeEc2Ingress(rule, reporter("security group rule", args, reportViolation));
        }),
        validateResourceOfType(aws.ec2.SecurityGroup, (group, args, reportViolation) => {
            const ingress = group.ingress ?? [];
            for (let i = 0; i < ingress.length; i++) {
                judgeEc2Ingress(ingress[i], reporter("security group", args, reportViolation, `ingress[${i}] `));
            }
        }),
    ],
};
