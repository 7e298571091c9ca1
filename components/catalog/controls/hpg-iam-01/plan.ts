import { instancePolicy } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** HPG-IAM-01 (advisory): services can log in with short-lived IAM tokens instead of passwords. */
export const iamAuth = instancePolicy({
    control,
    name: "hpg-iam-01-iam-auth",
    judges: "instance: `iamDatabaseAuthenticationEnabled`",
    // CreateDBInstance EnableIAMDatabaseAuthentication: managed by an Aurora member's cluster.
    auroraMember: "cluster-level",
    validate: (instance, _args, report) => {
        if (instance.iamDatabaseAuthenticationEnabled !== true) {
            report("iamDatabaseAuthenticationEnabled is not true", "set iamDatabaseAuthenticationEnabled: true");
        }
    },
});
