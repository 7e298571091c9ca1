import { logGroupPolicy } from "../../kit/plan/log-group";
import { control } from "./control";

/** HPG-LOG-03: database log groups are encrypted with a customer-managed KMS key. */
export const logGroupEncrypted = logGroupPolicy(control, "hpg-log-03-log-group-encrypted", "database log group: `kmsKeyId` set", {}, {}, (group, _config, _args, report) => {
    if (group.kmsKeyId === undefined || group.kmsKeyId === "") {
        report("kmsKeyId is not set, so the logs are encrypted only with a CloudWatch-owned key", "set kmsKeyId to a customer-managed KMS key ARN whose policy allows logs.<region>.amazonaws.com");
    }
});
