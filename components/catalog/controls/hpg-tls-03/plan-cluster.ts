import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { ReportClusterProblem, clusterPolicy, isMultiAzDbCluster } from "../../kit/plan/rds-cluster";
import { control } from "./control";
import { CA_DEFAULTS } from "./plan";

function judgeCa(argument: string, ca: string | undefined, allowed: readonly string[], report: ReportClusterProblem): void {
    const fix = `set ${argument} to one of ${allowed.join(", ")}`;
    if (ca === undefined || ca === "") {
        report(`${argument} is not set, so RDS picks the region's default CA`, fix);
    } else if (!allowed.includes(ca)) {
        report(`${argument} is '${ca}', not a current CA`, fix);
    }
}

/**
 * HPG-TLS-03 on clusters: each Aurora member's server certificate comes from a current CA; a Multi-AZ DB cluster sets
 * its CA on the cluster (CreateDBCluster CACertificateIdentifier: Multi-AZ DB clusters only).
 */
export const clusterCurrentCa = clusterPolicy({
    control,
    name: "hpg-tls-03-cluster-current-ca",
    judges: "`aws.rds.ClusterInstance`: `caCertIdentifier`; Multi-AZ DB cluster: `caCertificateIdentifier`; set to a current CA",
    configSchema: configSchema(CA_DEFAULTS, {
        allowedCaCertIdentifiers: { type: "array", description: "RDS certificate authorities a cluster or cluster instance may use." },
    }),
    clusterInstance: (member, args, report) => {
        judgeCa("caCertIdentifier", member.caCertIdentifier, configWithDefaults(CA_DEFAULTS, args).allowedCaCertIdentifiers, report);
    },
    cluster: (cluster, args, report) => {
        if (isMultiAzDbCluster(cluster)) {
            judgeCa("caCertificateIdentifier", cluster.caCertificateIdentifier, configWithDefaults(CA_DEFAULTS, args).allowedCaCertIdentifiers, report);
        }
    },
});
