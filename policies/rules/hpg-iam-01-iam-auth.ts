import { instancePolicy } from "../rds-instance";

/** HPG-IAM-01 (advisory): services can log in with short-lived IAM tokens instead of passwords. */
export const iamAuth = instancePolicy({
    control: "HPG-IAM-01",
    name: "hpg-iam-01-iam-auth",
    enforcementLevel: "advisory",
    validate: (instance, _args, report) => {
        if (instance.iamDatabaseAuthenticationEnabled !== true) {
            report("iamDatabaseAuthenticationEnabled is not true", "set iamDatabaseAuthenticationEnabled: true");
        }
    },
});
