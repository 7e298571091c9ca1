import * as aws from "@pulumi/aws";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { INSTANCE_KIND, isAuroraMember, isAwsManagedKeyAlias, isCrossRegionReplica, isPostgresInstance, isReadReplica } from "../../kit/plan/rds-instance";
import { describeRegion, regionOf } from "../../kit/plan/resource-region";
import { control } from "./control";

const FIX = "set kmsKeyId to a customer-managed KMS key ARN in the replica's region";

/**
 * HPG-ENC-01 on read replicas. CreateDBInstanceReadReplica KmsKeyId: a replica in its source's region is always
 * encrypted with the source's key (so the source, judged by hpg-enc-01-storage-encrypted-cmk, decides); a replica in
 * another region needs a key of that region, and without one it is not on a key the customer controls.
 */
export const replicaEncryptedWithCmk: ControlPolicy = {
    name: "hpg-enc-01-replica-encrypted-cmk",
    judges:
        "stack: a read replica (`replicateSourceDb`) in another region than its source has its own `kmsKeyId`, not `alias/aws/…`; one in its source's region inherits the source's key. Unknown region (an ARN source, a provider's environment) counts as another",
    ...controlMetadata(control),
    // Not validateStackResourcesOfType: the replica's region is compared with its source instance's in the stack.
    validateStack: (args, reportViolation) => {
        const instances = args.resources.filter((r) => r.isType(aws.rds.Instance) && isPostgresInstance(r.props) && !isAuroraMember(r.props));
        const replicas = instances.filter((r) => isReadReplica(r.props));
        if (replicas.length === 0) {
            args.notApplicable("the stack declares no PostgreSQL read replica");
        }
        for (const replica of replicas) {
            const crossRegion = isCrossRegionReplica(replica, args.resources);
            if (crossRegion === false) {
                continue;
            }
            const where =
                crossRegion === true
                    ? "it is in another region than its source"
                    : `its source is given as an ARN and the pack can't tell whether it is in the replica's region (${describeRegion(regionOf(replica))})`;
            const kmsKeyId: string | undefined = replica.props.kmsKeyId;
            const report = (problem: string) => reportViolation(violation(control.id, INSTANCE_KIND, replica.name, problem, FIX), replica.urn);
            if (kmsKeyId === undefined || kmsKeyId === "") {
                report(`${where} and kmsKeyId is not set, so the replica is not on a customer-managed key`);
            } else if (isAwsManagedKeyAlias(kmsKeyId)) {
                report(`${where} and kmsKeyId is '${kmsKeyId}', an AWS-managed key`);
            }
        }
    },
};
