import { REQUIRED_LOG_EXPORTS } from "../..";
import { instancePolicy } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** HPG-LOG-01: PostgreSQL and upgrade logs go to CloudWatch Logs, out of the database superuser's reach. */
export const logExports = instancePolicy({
    control,
    name: "hpg-log-01-log-exports",
    judges: "instance: exports postgresql and upgrade logs",
    // CreateDBInstance EnableCloudwatchLogsExports: an Aurora member's exports are managed by the cluster.
    auroraMember: "cluster-level",
    validate: (instance, _args, report) => {
        const exported = [...(instance.enabledCloudwatchLogsExports ?? [])];
        const missing = REQUIRED_LOG_EXPORTS.filter((type) => !exported.includes(type));
        if (missing.length > 0) {
            const shown = exported.length === 0 ? "nothing" : exported.map((e) => `'${e}'`).join(", ");
            report(`enabledCloudwatchLogsExports exports ${shown}, missing ${missing.join(" and ")}`, `set enabledCloudwatchLogsExports to include ${REQUIRED_LOG_EXPORTS.join(" and ")}`);
        }
    },
});
