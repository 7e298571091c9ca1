import { RESOURCE_DEFAULTS, judgedValue } from "../../facts/resource-defaults";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { clusterPolicy, isMultiAzDbCluster } from "../../kit/plan/rds-cluster";
import { control } from "./control";
import { ENGINE_DEFAULTS } from "./plan";

const AUTO_MINOR_FIX = "set autoMinorVersionUpgrade: true";

/** HPG-PAT-01 on clusters: the cluster pins a supported major (its members run its version); nothing turns minor-version patches off. */
export const clusterSupportedEngine = clusterPolicy({
    control,
    name: "hpg-pat-01-cluster-supported-engine",
    judges: "`aws.rds.Cluster`: pinned `engineVersion` of an allowed major (Aurora's `15.4` is major 15); `autoMinorVersionUpgrade` not false on a `ClusterInstance` or a Multi-AZ DB cluster",
    configSchema: configSchema(ENGINE_DEFAULTS, {
        allowedEngineMajors: { type: "array", description: "PostgreSQL major versions a cluster may run." },
    }),
    cluster: (cluster, args, report) => {
        const { allowedEngineMajors } = configWithDefaults(ENGINE_DEFAULTS, args);
        const fix = `set engineVersion to a major in ${allowedEngineMajors.join(", ")}`;
        const version = cluster.engineVersion;
        if (version === undefined || version === "") {
            report("engineVersion is not set, so RDS picks its current default major", fix);
        } else {
            const major = /^(\d+)/.exec(version)?.[1];
            if (major === undefined || !(allowedEngineMajors as readonly string[]).includes(major)) {
                report(`engineVersion '${version}' is not a supported major`, fix);
            }
        }
        // CreateDBCluster AutoMinorVersionUpgrade: "Valid for: Multi-AZ DB clusters only"; an Aurora member carries its own.
        if (isMultiAzDbCluster(cluster) && judgedValue(RESOURCE_DEFAULTS.clusterAutoMinorVersionUpgrade, cluster.autoMinorVersionUpgrade) === false) {
            report("autoMinorVersionUpgrade is false, so minor-version security patches are not applied", AUTO_MINOR_FIX);
        }
    },
    clusterInstance: (member, _args, report) => {
        // ClusterInstanceArgs.engineVersion: an upgrade "must be done on the aws.rds.Cluster engineVersion"; only the upgrade setting is the member's.
        if (judgedValue(RESOURCE_DEFAULTS.clusterInstanceAutoMinorVersionUpgrade, member.autoMinorVersionUpgrade) === false) {
            report("autoMinorVersionUpgrade is false, so minor-version security patches are not applied", AUTO_MINOR_FIX);
        }
    },
});
