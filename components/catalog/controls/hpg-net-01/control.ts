import { defineControl } from "../../control";
import { IPV6_ULA_CIDR, POSTGRES_PORT, RFC1918_CIDRS } from "../../facts/network";

/** HPG-NET-01: No public network path. */
export const control = defineControl({
    id: "HPG-NET-01",
    title: "No public network path",
    requirement: "The instance is not publicly accessible and admits PostgreSQL traffic only from named security groups or private CIDRs.",
    frameworks: { "SOC 2": ["CC6.6"], HIPAA: ["164.312(e)(1)"], "PCI DSS 4.0": ["1.3.1", "1.4.1"], "NIST 800-53 r5": ["SC-7", "AC-4"] },
    severity: "critical",
    enforcement: "mandatory",
    settings: [
        "publiclyAccessible=false",
        "aws.rds.ClusterInstance publiclyAccessible=false; a Multi-AZ DB cluster, whose publiclyAccessible the AWS provider can't set, in a dbSubnetGroupName of private subnets (never none or default)",
        `security group ingress on the database port (${POSTGRES_PORT} by default) only from security groups or private CIDRs (${[...RFC1918_CIDRS, IPV6_ULA_CIDR].join(", ")}), never 0.0.0.0/0`,
    ],
    docs: [
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
    ],
});
