import { classifiedObjectAuditing } from "./checks/classified-object-auditing";
import { connectionsLogged } from "./checks/connections-logged";
import { noPrivilegedLoginRoles } from "./checks/no-privileged-login-roles";
import { noPublicGrants } from "./checks/no-public-grants";
import { ownerOwnsObjects } from "./checks/owner-owns-objects";
import { pgauditLoaded } from "./checks/pgaudit-loaded";
import { pgauditLogClasses } from "./checks/pgaudit-log-classes";
import { pgauditNoParameters } from "./checks/pgaudit-no-parameters";
import { scramPasswords } from "./checks/scram-passwords";
import { securityInvokerViews } from "./checks/security-invoker-views";
import { tenantRowSecurity } from "./checks/tenant-row-security";
import { tlsMinimumVersion } from "./checks/tls-minimum-version";
import { tlsRequired } from "./checks/tls-required";
import { LiveCheck } from "./types";

/** One check per catalog control with `checks.live`, in catalog order. An inventory test pins this list. */
export const LIVE_CHECKS: readonly LiveCheck[] = [
    tlsRequired,
    tlsMinimumVersion,
    pgauditLoaded,
    pgauditLogClasses,
    pgauditNoParameters,
    connectionsLogged,
    classifiedObjectAuditing,
    scramPasswords,
    noPrivilegedLoginRoles,
    noPublicGrants,
    ownerOwnsObjects,
    tenantRowSecurity,
    securityInvokerViews,
];
