/** The master user the component creates unless told otherwise; never a default name (HPG-PWD-02). */
export const DEFAULT_MASTER_USERNAME = "hpg_admin";

/** The role that owns every application object and runs migrations (HPG-ROLE-04). */
export const OWNER_ROLE = "hpg_owner";

/** Role names that may hold admin attributes (SUPERUSER, CREATEROLE, ...) by default (HPG-ROLE-01). */
export const DEFAULT_ADMIN_ROLES: readonly string[] = [OWNER_ROLE, DEFAULT_MASTER_USERNAME];

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
