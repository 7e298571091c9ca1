import * as postgresql from "@pulumi/postgresql";
import { validateResourceOfType } from "@pulumi/policy";
import { DEFAULT_ADMIN_ROLES } from "../..";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { control } from "./control";

export const ADMIN_ROLE_DEFAULTS = { adminRoles: [...DEFAULT_ADMIN_ROLES] };

/** The role attributes that bypass least privilege, by their @pulumi/postgresql input name and SQL keyword. */
const PRIVILEGED_ATTRIBUTES = [
    ["superuser", "SUPERUSER"],
    ["bypassRowLevelSecurity", "BYPASSRLS"],
    ["createRole", "CREATEROLE"],
    ["createDatabase", "CREATEDB"],
] as const;

/** HPG-ROLE-01: only the declared admin and migration roles hold SUPERUSER, BYPASSRLS, CREATEROLE or CREATEDB. */
export const noPrivilegedRoles: ControlPolicy = {
    name: "hpg-role-01-no-privileged-roles",
    judges: "`postgresql.Role`: no SUPERUSER, BYPASSRLS, CREATEROLE, CREATEDB outside the admin roles",
    ...controlMetadata(control),
    configSchema: configSchema(ADMIN_ROLE_DEFAULTS, {
        adminRoles: { type: "array", description: "Role names (admin and migration roles) allowed to hold SUPERUSER, BYPASSRLS, CREATEROLE or CREATEDB." },
    }),
    validateResource: validateResourceOfType(postgresql.Role, (role, args, reportViolation) => {
        const { adminRoles } = configWithDefaults(ADMIN_ROLE_DEFAULTS, args);
        const roleName = role.name ?? args.name;
        if (adminRoles.includes(roleName)) {
            return;
        }
        const held = PRIVILEGED_ATTRIBUTES.filter(([input]) => role[input] === true);
        if (held.length > 0) {
            reportViolation(
                violation(
                    control.id,
                    "postgresql role",
                    args.name,
                    `role '${roleName}' has ${held.map(([, keyword]) => keyword).join(", ")} and is not an admin role (${adminRoles.join(", ")})`,
                    `set ${held.map(([input]) => `${input}: false`).join(", ")}, or add the role to the adminRoles config`,
                ),
            );
        }
    }),
};
