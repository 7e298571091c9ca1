import * as aws from "@pulumi/aws";
import { copiesEncryptedWithCmk as policy } from "../../../../../components/catalog/controls/hpg-enc-01/plan-copies";
import { lines, resource, UNKNOWN, cantRunDuringPreview, validateResource } from "../../../../support/policy-harness";

const FIX = "set kmsKeyId to a customer-managed KMS key ARN";
const CMK = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const replication = (kmsKeyId?: string) =>
    resource(aws.rds.InstanceAutomatedBackupsReplication, "orders-backups-dr", { sourceDbInstanceArn: "arn:aws:rds:us-east-1:123456789012:db:orders", kmsKeyId });
const snapshotCopy = (kmsKeyId?: string) =>
    resource(aws.rds.SnapshotCopy, "orders-copy", { sourceDbSnapshotIdentifier: "arn:aws:rds:us-east-1:123456789012:snapshot:s", targetDbSnapshotIdentifier: "t", kmsKeyId });
const exportTask = (kmsKeyId: string) =>
    resource(aws.rds.ExportTask, "orders-export", {
        exportTaskIdentifier: "orders-export",
        sourceArn: "arn:aws:rds:us-east-1:123456789012:snapshot:s",
        s3BucketName: "orders-exports",
        iamRoleArn: "arn:aws:iam::123456789012:role/rds-export",
        kmsKeyId,
    });

describe("hpg-enc-01-copies-encrypted-cmk", () => {
    it.each([
        ["automated backups replication", replication(CMK)],
        ["DB snapshot copy", snapshotCopy(CMK)],
        ["snapshot export task", exportTask(CMK)],
    ])("passes a %s on a customer-managed key", async (_kind, subject) => {
        expect(await validateResource(policy, subject)).toEqual([]);
    });

    it.each([
        ["automated backups replication", "orders-backups-dr", "kmsKeyId is not set, so the replicated backups are not on a customer-managed key", replication(undefined)],
        ["automated backups replication", "orders-backups-dr", "kmsKeyId is not set, so the replicated backups are not on a customer-managed key", replication("")],
        ["automated backups replication", "orders-backups-dr", "kmsKeyId is 'alias/aws/rds', an AWS-managed key", replication("alias/aws/rds")],
        ["DB snapshot copy", "orders-copy", "kmsKeyId is not set, so the copy keeps the source snapshot's key, or none", snapshotCopy(undefined)],
        ["DB snapshot copy", "orders-copy", "kmsKeyId is 'arn:aws:kms:us-east-1:123456789012:alias/aws/rds', an AWS-managed key", snapshotCopy("arn:aws:kms:us-east-1:123456789012:alias/aws/rds")],
        ["snapshot export task", "orders-export", "kmsKeyId is not set, so the export has no key", exportTask("")],
        ["snapshot export task", "orders-export", "kmsKeyId is 'alias/aws/rds', an AWS-managed key", exportTask("alias/aws/rds")],
    ])("blocks a %s '%s': %s", async (kind, name, problem, subject) => {
        expect(lines(await validateResource(policy, subject))).toEqual([`mandatory [HPG-ENC-01] ${kind} '${name}': ${problem}; ${FIX}`]);
    });

    it("can't run during preview while the key is unknown", async () => {
        expect(lines(await validateResource(policy, snapshotCopy(UNKNOWN.string)))).toEqual([cantRunDuringPreview("hpg-enc-01-copies-encrypted-cmk", "string value at .kmsKeyId")]);
    });
});
