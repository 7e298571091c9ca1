import { defineControl } from "../../control";

/** HPG-ENC-01: Encryption at rest with a customer-managed key. */
export const control = defineControl({
    id: "HPG-ENC-01",
    title: "Encryption at rest with a customer-managed key",
    requirement: "Database storage, snapshots, Performance Insights and the master secret are encrypted with a customer-managed KMS key, not the AWS-managed aws/rds key.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(a)(2)(iv)"], "PCI DSS 4.0": ["3.5.1"], "NIST 800-53 r5": ["SC-28", "SC-28(1)", "SC-12"] },
    severity: "critical",
    enforcement: "mandatory",
    settings: [
        "aws.rds.Instance storageEncrypted=true",
        "kmsKeyId = a customer-managed key ARN",
        "performanceInsightsKmsKeyId and masterUserSecretKmsKeyId = the same key",
        "aws.rds.InstanceAutomatedBackupsReplication, SnapshotCopy and ExportTask: kmsKeyId = a customer-managed key ARN",
        "aws.rds.Cluster (Aurora PostgreSQL or Multi-AZ DB cluster): storageEncrypted=true (unset is false) and kmsKeyId = a customer-managed key ARN",
    ],
    docs: [
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
    ],
});
