import { logGroupEncrypted as policy } from "../../../../../components/catalog/controls/hpg-log-03/plan";
import { logGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-log-03-log-group-encrypted", () => {
    it("passes a database log group with a KMS key", async () => {
        expect(await validateResource(policy, logGroup())).toEqual([]);
    });

    it("blocks a database log group without a KMS key", async () => {
        expect(lines(await validateResource(policy, logGroup("upgrade", { kmsKeyId: undefined })))).toEqual([
            "mandatory [HPG-LOG-03] log group 'db-log-upgrade': kmsKeyId is not set, so the logs are encrypted only with a CloudWatch-owned key; set kmsKeyId to a customer-managed KMS key ARN whose policy allows logs.<region>.amazonaws.com",
        ]);
    });

    it("passes the account's Enhanced Monitoring group (RDSOSMetrics) with a KMS key", async () => {
        expect(await validateResource(policy, logGroup("os-metrics", { name: "RDSOSMetrics" }))).toEqual([]);
    });

    it("blocks the Enhanced Monitoring group without a KMS key, in whichever stack declares it", async () => {
        expect(lines(await validateResource(policy, logGroup("os-metrics", { name: "RDSOSMetrics", kmsKeyId: undefined })))).toEqual([
            "mandatory [HPG-LOG-03] log group 'db-log-os-metrics': kmsKeyId is not set, so the logs are encrypted only with a CloudWatch-owned key; set kmsKeyId to a customer-managed KMS key ARN whose policy allows logs.<region>.amazonaws.com",
        ]);
    });

    it("leaves log groups outside /aws/rds/ and other than RDSOSMetrics alone", async () => {
        expect(await validateResource(policy, logGroup("postgresql", { name: "RDSOSMetricsArchive", kmsKeyId: undefined }))).toEqual([]);
    });

    it("leaves log groups outside /aws/rds/ alone", async () => {
        expect(await validateResource(policy, logGroup("postgresql", { name: "/app/web", kmsKeyId: undefined }))).toEqual([]);
    });

    it("can't run during preview while kmsKeyId is unknown, and passes once it is known", async () => {
        expect(lines(await validateResource(policy, logGroup("postgresql", { kmsKeyId: UNKNOWN.string })))).toEqual([
            cantRunDuringPreview("hpg-log-03-log-group-encrypted", "string value at .kmsKeyId"),
        ]);
    });
});
