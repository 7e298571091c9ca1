import * as postgresql from "@pulumi/postgresql";
import { validateResourceOfType } from "@pulumi/policy";
import { DEFAULT_ADMIN_ROLES, PRIVILEGED_ROLE_ATTRIBUTES } from "../..";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { control } from "./control";

export const ADMIN_ROLE_DEFAULTS = { adminRoles: [...DEFAULT_ADMIN_ROLES] };

const KEYWORDS = PRIVILEGED_ROLE_ATTRIBUTES.map((a) => a.keyword).join(", ");

/** HPG-ROLE-01: only the declared admin and migration roles hold SUPERUSER, BYPASSRLS, CREATEROLE or CREATEDB. */
export const noPrivilegedRoles: ControlPolicy = {
    name: "hpg-role-01-no-privileged-roles",
    judges: `\`postgresql.Role\`: no ${KEYWORDS} outside the admin roles`,
    ...controlMetadata(control),
    configSchema: configSchema(ADMIN_ROLE_DEFAULTS, {
        adminRoles: { type: "array", description: `Role names (admin and migration roles) allowed to hold ${KEYWORDS}.` },
    }),
    validateResource: validateResourceOfType(postgresql.Role, (role, args, reportViolation) => {
        const { adminRoles } = configWithDefaults(ADMIN_ROLE_DEFAULTS, args);
        const roleName = role.name ?? args.name;
        if (adminRoles.includes(roleName)) {
            return;
        }
        const held = PRIVILEGED_ROLE_ATTRIBUTES.filter((a) => role[a.roleArgument] === true);
        if (held.length > 0) {
            reportViolation(
                violation(
                    control.id,
                    "postgresql role",
                    args.name,
                    `role '${roleName}' has ${held.map((a) => a.keyword).join(", ")} and is not an admin role (${adminRoles.join(", ")})`,
                    `set ${held.map((a) => `${a.roleArgument}: false`).join(", ")}, or add the role to the adminRoles config`,
                ),
            );
        }
    }),
};
