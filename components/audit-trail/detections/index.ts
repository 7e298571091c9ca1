import type { DetectionDefinition } from "./detection";
import { afterHours } from "./after-hours";
import { auditGap } from "./audit-gap";
import { bulkRead } from "./bulk-read";
import { classifiedDdl } from "./classified-ddl";
import { failedAuthBurst } from "./failed-auth-burst";
import { outsideNetwork } from "./outside-network";
import { privilegeChange } from "./privilege-change";
import { unattributedAccess } from "./unattributed-access";

export * from "./detection";
export * from "./settings";
export * from "./cidr";
export * from "./classified-tables";
export { ATHENA_LOOKBACK_DAYS, auditLinesSql, phiAccessReportSql } from "./athena-sql";

/** Every detection the product defines, one module each; the inventory test pins this list. */
export const DETECTIONS: readonly DetectionDefinition[] = [
    bulkRead,
    afterHours,
    outsideNetwork,
    privilegeChange,
    classifiedDdl,
    failedAuthBurst,
    auditGap,
    unattributedAccess,
];
