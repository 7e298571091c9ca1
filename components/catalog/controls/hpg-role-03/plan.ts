import * as postgresql from "@pulumi/postgresql";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** Whether a privilege list grants ALL (PostgreSQL accepts `ALL` and `ALL PRIVILEGES`, in any case). */
function grantsAll(privileges: readonly string[]): boolean {
    return privileges.some((p) => /^all( privileges)?$/i.test(p.trim()));
}

/**
 * HPG-ROLE-03: a login role never receives ALL. A grantee is a login role when the stack declares a postgresql.Role of
 * that name (or the grant's `role` comes from one) with login; roles the stack doesn't declare can't be judged here.
 */
export const noAllToLoginRoles: ControlPolicy = {
    name: "hpg-role-03-no-all-to-login-roles",
    judges: "stack: no ALL to a role the stack declares with `login`",
    ...controlMetadata(control),
    // Not validateStackResourcesOfType: the policy reads grants and roles together, and that helper keeps one type.
    validateStack: (args, reportViolation) => {
        const grants = args.resources.filter((r) => r.isType(postgresql.Grant) || r.isType(postgresql.DefaultPrivileges));
        if (grants.length === 0) {
            args.notApplicable("the stack declares no postgresql.Grant or postgresql.DefaultPrivileges");
        }
        const roles = args.resources.filter((r) => r.isType(postgresql.Role));
        // Read lazily: a role's name may be unknown during preview, and only grants of ALL need it.
        let loginRoleNames: Set<string> | undefined;
        const isLoginRoleName = (name: string) =>
            (loginRoleNames ??= new Set(roles.filter((r) => r.props.login === true).map((r) => (r.props.name as string | undefined) ?? r.name))).has(name);
        for (const grant of grants) {
            const privileges: string[] = grant.props.privileges ?? [];
            if (!grantsAll(privileges)) {
                continue;
            }
            // During preview `role` is often another resource's output: the engine still says which Role it came from.
            const fromRole = (grant.propertyDependencies["role"] ?? []).filter((r) => r.isType(postgresql.Role));
            const loginRole = fromRole.find((r) => r.props.login === true);
            const grantee = loginRole ? `declared by postgresql role '${loginRole.name}'` : fromRole.length === 0 && isLoginRoleName(grant.props.role) ? `'${grant.props.role}'` : undefined;
            if (grantee !== undefined) {
                const kind = grant.isType(postgresql.Grant) ? "postgresql grant" : "postgresql default privileges";
                reportViolation(
                    violation(control.id, kind, grant.name, `grants ALL to login role ${grantee}`, "grant the named privileges the role needs to a group role, and make the login role a member"),
                    grant.urn,
                );
            }
        }
    },
};
