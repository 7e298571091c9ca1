import { REQUIRED_LOG_EXPORTS } from "../../components/catalog";
import { instancePolicy } from "../rds-instance";

/** HPG-LOG-01: PostgreSQL and upgrade logs go to CloudWatch Logs, out of the database superuser's reach. */
export const logExports = instancePolicy({
    control: "HPG-LOG-01",
    name: "hpg-log-01-log-exports",
    validate: (instance, _args, report) => {
        const exported = [...(instance.enabledCloudwatchLogsExports ?? [])];
        const missing = REQUIRED_LOG_EXPORTS.filter((type) => !exported.includes(type));
        if (missing.length > 0) {
            const shown = exported.length === 0 ? "nothing" : exported.map((e) => `'${e}'`).join(", ");
            report(`enabledCloudwatchLogsExports exports ${shown}, missing ${missing.join(" and ")}`, `set enabledCloudwatchLogsExports to include ${REQUIRED_LOG_EXPORTS.join(" and ")}`);
        }
    },
});
