import * as postgresql from "@pulumi/postgresql";
import { ReportViolation, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** PostgreSQL's pseudo-role that every role, present and future, belongs to. */
const PUBLIC_ROLE = "public";

function judgeGrantee(kind: string, grant: { role: string }, args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    if (grant.role.toLowerCase() === PUBLIC_ROLE) {
        reportViolation(violation(control.id, kind, args.name, "grants to PUBLIC, that is to every role", "grant to a named group role instead"));
    }
}

/** HPG-ROLE-02: nothing is granted to PUBLIC, neither now (Grant) nor for future objects (DefaultPrivileges). */
export const noPublicGrants: ControlPolicy = {
    name: "hpg-role-02-no-public-grants",
    judges: "`postgresql.Grant` / `DefaultPrivileges`: never to `public`",
    ...controlMetadata(control),
    validateResource: [
        validateResourceOfType(postgresql.Grant, (grant, args, report) => judgeGrantee("postgresql grant", grant, args, report)),
        validateResourceOfType(postgresql.DefaultPrivileges, (privileges, args, report) => judgeGrantee("postgresql default privileges", privileges, args, report)),
    ],
};
