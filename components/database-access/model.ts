import { AUDIT_ROLE, COLUMN_CLASSIFICATIONS, ColumnClassification, DEFAULT_TENANT_COLUMN, DEFAULT_TENANT_SETTING, OWNER_ROLE } from "../catalog";

/** The role pgaudit object auditing uses (the catalog's pgaudit.role): privileges granted to it select what is logged (HPG-AUD-05). */
export { AUDIT_ROLE };

/** The four group roles of the model. Login roles are members of exactly one. */
export type GroupKind = "owner" | "app_rw" | "analytics_ro" | "auditor";
export const GROUP_KINDS: readonly GroupKind[] = ["owner", "app_rw", "analytics_ro", "auditor"];
/** Group roles that receive table privileges (the owner owns the tables instead). */
export type GranteeKind = Exclude<GroupKind, "owner">;
export const GRANTEE_KINDS: readonly GranteeKind[] = ["app_rw", "analytics_ro", "auditor"];

/** Table privileges the model can grant. Never ALL, TRUNCATE, REFERENCES or TRIGGER (HPG-ROLE-03). */
export type TablePrivilege = "SELECT" | "INSERT" | "UPDATE" | "DELETE";
export const TABLE_PRIVILEGES: readonly TablePrivilege[] = ["SELECT", "INSERT", "UPDATE", "DELETE"];
/** What each group may hold on a table: analytics and auditors only read. */
export const ALLOWED_TABLE_PRIVILEGES: Readonly<Record<GranteeKind, readonly TablePrivilege[]>> = {
    app_rw: TABLE_PRIVILEGES,
    analytics_ro: ["SELECT"],
    auditor: ["SELECT"],
};

/** Data classifications whose columns are audited through pgaudit object auditing (HPG-AUD-05). */
export type Classification = ColumnClassification;
export const CLASSIFICATIONS: readonly Classification[] = COLUMN_CLASSIFICATIONS;

/** How a login role authenticates: IAM tokens (`rds_iam`, RDS only) or a generated password. */
export type LoginAuth = "iam" | "password";
export const LOGIN_AUTHS: readonly LoginAuth[] = ["iam", "password"];

/** SQL types a tenant id can have (the policy casts the context setting to it). */
export type TenantIdType = "uuid" | "text" | "bigint" | "integer";
export const TENANT_ID_TYPES: readonly TenantIdType[] = ["uuid", "text", "bigint", "integer"];

/** One service's own login role. */
export interface LoginRoleSpec {
    /** Role name, e.g. `svc_billing`. */
    name: string;
    /** The service that uses it; one login role per service, never shared. */
    service: string;
    /** The one group role it is a member of. Members of `owner` act as the owner (migrations). */
    group: GroupKind;
    /** `iam` (RDS IAM tokens, `rds_iam`) or `password` (generated at run time into a Secrets Manager secret, never in state). */
    auth: LoginAuth;
    /** Maximum concurrent connections. Default: per group (see DEFAULT_LIMITS). */
    connectionLimit?: number;
    /** statement_timeout in milliseconds. Default: per group (see DEFAULT_LIMITS). */
    statementTimeoutMs?: number;
    /** Must be false or absent: login roles never hold these attributes (HPG-ROLE-01). */
    superuser?: boolean;
    createRole?: boolean;
    createDatabase?: boolean;
    bypassRowLevelSecurity?: boolean;
    replication?: boolean;
}

/** A table the application's migrations create in the model's schema. */
export interface TableSpec {
    /** Table name (unqualified; the model's schema). */
    name: string;
    /** Rows belong to a tenant: RLS enabled, forced and a tenant policy (HPG-RLS-01). Default true: fail closed. */
    tenantScoped?: boolean;
    /** Classified columns, e.g. `{ diagnosis: "phi" }`. A table with any is object-audited (HPG-AUD-05). */
    classified?: Record<string, Classification>;
    /**
     * Privileges per group role on this table. Default: app_rw SELECT, INSERT, UPDATE (DELETE only when listed here);
     * analytics_ro SELECT unless the table is classified and `analytics.excludeClassified`; auditor nothing.
     */
    privileges?: Partial<Record<GranteeKind, TablePrivilege[]>>;
}

/** The declarative access model of one database. */
export interface AccessModel {
    /** The application schema, created and owned by the owner role. Default `app`. */
    schema?: string;
    /** Group role names. Defaults: `hpg_owner`, `hpg_app_rw`, `hpg_analytics_ro`, `hpg_auditor`. */
    groups?: Partial<Record<GroupKind, string>>;
    /** Per-service login roles. */
    loginRoles: LoginRoleSpec[];
    /** Tenant context. Defaults: setting `app.tenant_id`, column `tenant_id`, type `uuid`. */
    tenant?: { setting?: string; column?: string; type?: TenantIdType };
    /** The tables the model governs (they must exist when table-level statements are applied). */
    tables: TableSpec[];
    /** Analytics options. `excludeClassified` (default true): analytics_ro gets no privilege on classified tables. */
    analytics?: { excludeClassified?: boolean };
}

/** Per-group defaults for login roles: a connection limit and a statement timeout (ms). */
export const DEFAULT_LIMITS: Readonly<Record<GroupKind, { connectionLimit: number; statementTimeoutMs: number }>> = {
    owner: { connectionLimit: 2, statementTimeoutMs: 15 * 60_000 },
    app_rw: { connectionLimit: 50, statementTimeoutMs: 30_000 },
    analytics_ro: { connectionLimit: 5, statementTimeoutMs: 5 * 60_000 },
    auditor: { connectionLimit: 2, statementTimeoutMs: 60_000 },
};

export const DEFAULT_GROUP_NAMES: Readonly<Record<GroupKind, string>> = {
    // The catalog's owner role, which `verify` treats as a declared admin (HPG-ROLE-01).
    owner: OWNER_ROLE,
    app_rw: "hpg_app_rw",
    analytics_ro: "hpg_analytics_ro",
    auditor: "hpg_auditor",
};
export const DEFAULT_SCHEMA = "app";
export const DEFAULT_TENANT = { setting: DEFAULT_TENANT_SETTING, column: DEFAULT_TENANT_COLUMN, type: "uuid" as TenantIdType };
/** The RDS role that lets a login role authenticate with IAM tokens. */
export const RDS_IAM_ROLE = "rds_iam";
/** Predefined roles the auditor group is a member of, to read settings and every session's pg_stat_ssl for evidence. */
export const AUDITOR_PREDEFINED_ROLES: readonly string[] = ["pg_read_all_settings", "pg_read_all_stats"];
/** Where the access model is applied: a self-managed PostgreSQL (local, tests) or RDS (no superuser; rds_iam exists). */
export type AccessTarget = "self-managed" | "rds";

/** Schema of the helper functions and the gaps view migrations and auditors use; owned by the owner role. */
export const HELPER_SCHEMA = "hpg";
/** The name of the tenant policy on every tenant table. */
export const TENANT_POLICY = "hpg_tenant_isolation";

/** A model with every default filled in; what the renderers read. */
export interface ResolvedAccessModel {
    schema: string;
    groups: Record<GroupKind, string>;
    loginRoles: Array<Required<Pick<LoginRoleSpec, "name" | "service" | "group" | "auth" | "connectionLimit" | "statementTimeoutMs">>>;
    tenant: { setting: string; column: string; type: TenantIdType };
    tables: Array<{ name: string; tenantScoped: boolean; classified: Record<string, Classification>; privileges: Record<GranteeKind, TablePrivilege[]> }>;
    analytics: { excludeClassified: boolean };
}

/** Fills in defaults. Does not validate: call `validateAccessModel` first (the renderers do). */
export function resolveAccessModel(model: AccessModel): ResolvedAccessModel {
    const excludeClassified = model.analytics?.excludeClassified ?? true;
    return {
        schema: model.schema ?? DEFAULT_SCHEMA,
        groups: { ...DEFAULT_GROUP_NAMES, ...(model.groups ?? {}) },
        loginRoles: model.loginRoles.map((l) => ({
            name: l.name,
            service: l.service,
            group: l.group,
            auth: l.auth,
            connectionLimit: l.connectionLimit ?? DEFAULT_LIMITS[l.group].connectionLimit,
            statementTimeoutMs: l.statementTimeoutMs ?? DEFAULT_LIMITS[l.group].statementTimeoutMs,
        })),
        tenant: { ...DEFAULT_TENANT, ...(model.tenant ?? {}) },
        tables: model.tables.map((t) => {
            const classified = t.classified ?? {};
            const isClassified = Object.keys(classified).length > 0;
            const defaults: Record<GranteeKind, TablePrivilege[]> = {
                app_rw: ["SELECT", "INSERT", "UPDATE"],
                analytics_ro: isClassified && excludeClassified ? [] : ["SELECT"],
                auditor: [],
            };
            const privileges = { ...defaults, ...(t.privileges ?? {}) };
            for (const kind of GRANTEE_KINDS) {
                privileges[kind] = TABLE_PRIVILEGES.filter((p) => privileges[kind].includes(p));
            }
            return { name: t.name, tenantScoped: t.tenantScoped ?? true, classified, privileges };
        }),
        analytics: { excludeClassified },
    };
}

/** Whether a resolved table is object-audited. */
export function isClassifiedTable(t: { classified: Record<string, Classification> }): boolean {
    return Object.keys(t.classified).length > 0;
}
