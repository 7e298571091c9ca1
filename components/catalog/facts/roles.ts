/** The master user the component creates unless told otherwise; never a default name (HPG-PWD-02). */
export const DEFAULT_MASTER_USERNAME = "hpg_admin";

/** The role that owns every application object and runs migrations (HPG-ROLE-04). */
export const OWNER_ROLE = "hpg_owner";

/** Role names that may hold admin attributes (SUPERUSER, CREATEROLE, ...) by default (HPG-ROLE-01). */
export const DEFAULT_ADMIN_ROLES: readonly string[] = [OWNER_ROLE, DEFAULT_MASTER_USERNAME];

/**
 * Login roles that may be members of the owner group by default, to run migrations (HPG-ROLE-01): the owner group's
 * login role in the sample access model `local up` applies. Any other member can SET ROLE to the owner and disable
 * row-level security.
 */
export const DEFAULT_MIGRATOR_ROLES: readonly string[] = ["svc_migrate"];

/** The group role of the login roles that read evidence (`verify` runs as one); the access model's default auditor group. */
export const AUDITOR_GROUP_ROLE = "hpg_auditor";

/** The access model's default application and analytics groups: the roles that may set the tenant and the acting person. */
export const APP_GROUP_ROLE = "hpg_app_rw";
export const ANALYTICS_GROUP_ROLE = "hpg_analytics_ro";

/** A SECURITY DEFINER function the product itself creates, and a group whose login roles may execute it (one entry per group). */
export interface DeclaredDefinerFunction {
    /** `schema.name(identity arguments)`, each name as quote_ident writes it. */
    signature: string;
    /** The group role whose members (and only they) may execute it. */
    executableBy: string;
    /** Why it runs with its owner's rights. */
    purpose: string;
}

/** The function that lets the auditor read password verifier types, never hashes (HPG-PWD-01). */
export const PASSWORD_VERIFIER_TYPES_FUNCTION = { schema: "hpg", name: "password_verifier_types", signature: "hpg.password_verifier_types()" } as const;

/**
 * SECURITY DEFINER functions the product declares (HPG-ROLE-01): any other definer function owned by a privileged
 * role that a login role may execute is a privileged path, and so is one of these executable outside its group.
 */
export const DECLARED_DEFINER_FUNCTIONS: readonly DeclaredDefinerFunction[] = [
    {
        signature: PASSWORD_VERIFIER_TYPES_FUNCTION.signature,
        executableBy: AUDITOR_GROUP_ROLE,
        purpose: "lets auditors see each role's password verifier type (SCRAM or MD5) without reading pg_authid or any hash (HPG-PWD-01)",
    },
    // hpg.set_actor (HPG-AUD-07), for each tenant type a model can declare, for the groups that may set the tenant.
    ...[APP_GROUP_ROLE, ANALYTICS_GROUP_ROLE].flatMap((group) =>
        ["uuid", "text", "bigint", "integer"].map((type) => ({
            signature: `hpg.set_actor(person text, tenant ${type})`,
            executableBy: group,
            purpose: "opens the acting person's audit context (HPG-AUD-07) by writing hpg.actor_context, which no login role may write itself",
        })),
    ),
];

/** Master user names attackers try first, and RDS's own (HPG-PWD-02). */
export const RESERVED_MASTER_USERNAMES: readonly string[] = ["postgres", "admin", "administrator", "root", "rdsadmin", "rds_superuser", "master", "sa", "user", "superuser"];

/**
 * The role attributes that lift a role above the access model (HPG-ROLE-01): the SQL keyword, the pg_roles column
 * and the @pulumi/postgresql Role argument that sets it.
 */
export const PRIVILEGED_ROLE_ATTRIBUTES = [
    { keyword: "SUPERUSER", column: "rolsuper", roleArgument: "superuser" },
    { keyword: "BYPASSRLS", column: "rolbypassrls", roleArgument: "bypassRowLevelSecurity" },
    { keyword: "CREATEROLE", column: "rolcreaterole", roleArgument: "createRole" },
    { keyword: "CREATEDB", column: "rolcreatedb", roleArgument: "createDatabase" },
] as const;

/** The column that marks a tenant-scoped table, unless a model or `verify --tenant-column` names another (HPG-RLS-01). */
export const DEFAULT_TENANT_COLUMN = "tenant_id";

/** The setting that carries the tenant of the current transaction (set with set_config(…, true)); never given a default (HPG-RLS-01). */
export const DEFAULT_TENANT_SETTING = "app.tenant_id";
