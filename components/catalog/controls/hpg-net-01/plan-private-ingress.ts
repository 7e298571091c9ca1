import * as aws from "@pulumi/aws";
import { PolicyResource, ReportViolation, UnknownValueError } from "@pulumi/policy";
import { IPV6_ULA_CIDR, POSTGRES_PORT, RFC1918_CIDRS, isPrivateCidr, isPrivateIpv6Cidr } from "../..";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { isAuroraMember, isPostgresInstance } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** Every protocol and port: the EC2 API's `-1`, which the provider also accepts as `all` (its ports are ignored). */
const ALL_PROTOCOLS: readonly string[] = ["-1", "all"];

/** PostgreSQL speaks TCP only, so a UDP or ICMP rule cannot carry a connection to it. */
const TCP_PROTOCOLS: readonly string[] = ["tcp", "6"];

/** The highest port number; an open upper bound reaches it. */
const MAX_PORT = 65535;

const SOURCES = `security groups, prefix lists or private CIDRs (${[...RFC1918_CIDRS, IPV6_ULA_CIDR].join(", ")})`;

/** A port read from a database's outputs; unknown during preview when RDS picks it (an instance that sets none gets 5432). */
function knownPort(read: () => unknown): number | undefined {
    try {
        const port = read();
        return typeof port === "number" ? port : undefined;
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return undefined;
        }
        throw e;
    }
}

/**
 * The ports PostgreSQL listens on: 5432 always, since any group may front a database on the default port later, in
 * this stack or another; and each PostgreSQL database's own `port` in the stack. An Aurora member listens on its
 * cluster's port (CreateDBInstance Port: "managed by the cluster"), so clusters count and members don't.
 */
export function postgresPorts(resources: readonly PolicyResource[]): number[] {
    const ports = new Set([POSTGRES_PORT]);
    for (const r of resources) {
        const database = (r.isType(aws.rds.Instance) && !isAuroraMember(r.props)) || r.isType(aws.rds.Cluster);
        if (database && isPostgresInstance(r.props)) {
            const port = knownPort(() => r.props.port);
            if (port !== undefined) {
                ports.add(port);
            }
        }
    }
    return [...ports].sort((a, b) => a - b);
}

/** What a rule admits to PostgreSQL: its traffic, e.g. "tcp 1000-3000", and the database ports it covers. */
interface PostgresTraffic {
    traffic: string;
    ports: number[];
}

/**
 * The PostgreSQL traffic a rule admits; undefined when it reaches none of `ports`. Ports are read only for TCP, so an
 * all-protocols rule is judged even while its ports are unknown.
 */
function postgresTraffic(protocol: string, bounds: { fromPort?: number; toPort?: number }, ports: readonly number[]): PostgresTraffic | undefined {
    const p = protocol.toLowerCase();
    if (ALL_PROTOCOLS.includes(p)) {
        return { traffic: "all protocols and ports", ports: [...ports] };
    }
    if (!TCP_PROTOCOLS.includes(p)) {
        return undefined;
    }
    // A missing or -1 bound leaves that end of the range open: fail closed.
    const from = bounds.fromPort === undefined || bounds.fromPort < 0 ? 0 : bounds.fromPort;
    const to = bounds.toPort === undefined || bounds.toPort < 0 ? MAX_PORT : bounds.toPort;
    const covered = ports.filter((port) => from <= port && port <= to);
    if (covered.length === 0) {
        return undefined;
    }
    return { traffic: from === to ? `tcp ${from}` : `tcp ${from}-${to}`, ports: covered };
}

type Report = (problem: string, fix: string) => void;

/** Reports each CIDR of `field` that is not private. Security groups, `self` and prefix lists are named sources and pass. */
function reportPublicCidrs(admitted: PostgresTraffic, field: string, cidrs: readonly string[], isPrivate: (cidr: string) => boolean, report: Report): void {
    for (const cidr of cidrs) {
        if (!isPrivate(cidr)) {
            report(`${admitted.traffic} from '${cidr}' (${field}), which is not a private range`, `admit ${admitted.ports.join(", ")} only from ${SOURCES}`);
        }
    }
}

function reporter(kind: string, resource: PolicyResource, reportViolation: ReportViolation, prefix = ""): Report {
    return (problem, fix) => reportViolation(violation(control.id, kind, resource.name, `${prefix}admits ${problem}`, fix), resource.urn);
}

/** The inline `ingress` blocks of an aws.ec2.SecurityGroup and standalone aws.ec2.SecurityGroupRule share these fields. */
interface Ec2Ingress {
    protocol: string;
    fromPort: number;
    toPort: number;
    cidrBlocks?: string[];
    ipv6CidrBlocks?: string[];
}

function judgeEc2Ingress(rule: Ec2Ingress, ports: readonly number[], report: Report): void {
    const admitted = postgresTraffic(rule.protocol, rule, ports);
    if (admitted !== undefined) {
        reportPublicCidrs(admitted, "cidrBlocks", rule.cidrBlocks ?? [], isPrivateCidr, report);
        reportPublicCidrs(admitted, "ipv6CidrBlocks", rule.ipv6CidrBlocks ?? [], isPrivateIpv6Cidr, report);
    }
}

/** Judges one resource's ingress, if it has any. */
function judgeIngress(resource: PolicyResource, ports: readonly number[], reportViolation: ReportViolation): void {
    const rule = resource.asType(aws.vpc.SecurityGroupIngressRule);
    if (rule !== undefined) {
        const admitted = postgresTraffic(rule.ipProtocol, rule, ports);
        if (admitted !== undefined) {
            const report = reporter("security group ingress rule", resource, reportViolation);
            reportPublicCidrs(admitted, "cidrIpv4", rule.cidrIpv4 !== undefined ? [rule.cidrIpv4] : [], isPrivateCidr, report);
            reportPublicCidrs(admitted, "cidrIpv6", rule.cidrIpv6 !== undefined ? [rule.cidrIpv6] : [], isPrivateIpv6Cidr, report);
        }
        return;
    }
    const ec2Rule = resource.asType(aws.ec2.SecurityGroupRule);
    if (ec2Rule !== undefined) {
        if (ec2Rule.type === "ingress") {
            judgeEc2Ingress(ec2Rule, ports, reporter("security group rule", resource, reportViolation));
        }
        return;
    }
    const group = resource.asType(aws.ec2.SecurityGroup);
    if (group !== undefined) {
        const ingress = group.ingress ?? [];
        for (let i = 0; i < ingress.length; i++) {
            judgeEc2Ingress(ingress[i], ports, reporter("security group", resource, reportViolation, `ingress[${i}] `));
        }
    }
}

/**
 * HPG-NET-01: no security group ingress that reaches a PostgreSQL port from a public network. Every security group in
 * the stack is judged, not only the database's: a group can be attached to a database at any time, in this stack or
 * another. A stack policy, because the ports come from the databases: 5432 and each PostgreSQL database's `port`.
 */
export const privateIngress: ControlPolicy = {
    name: "hpg-net-01-private-ingress",
    judges:
        "stack: security-group ingress reaching a PostgreSQL port, 5432 or a PostgreSQL instance's or cluster's `port` (tcp or all protocols; `aws.vpc.SecurityGroupIngressRule`, `aws.ec2.SecurityGroupRule`, inline `ingress` of `aws.ec2.SecurityGroup`): only from security groups, prefix lists, RFC 1918 or fc00::/7 CIDRs",
    ...controlMetadata(control),
    // Not validateStackResourcesOfType: the policy reads databases and three kinds of rule together.
    validateStack: (args, reportViolation) => {
        const ports = postgresPorts(args.resources);
        // Judge every rule that can be judged during preview; a rule with an unknown source is reported once, at the end.
        let unknown: UnknownValueError | undefined;
        for (const resource of args.resources) {
            try {
                judgeIngress(resource, ports, reportViolation);
            } catch (e) {
                if (!(e instanceof UnknownValueError)) {
                    throw e;
                }
                unknown ??= e;
            }
        }
        if (unknown !== undefined) {
            throw unknown;
        }
    },
};
