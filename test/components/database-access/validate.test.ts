import { AccessModel, resolveAccessModel } from "../../../components/database-access/model";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { AccessModelError, validateAccessModel } from "../../../components/database-access/validate";

const base: AccessModel = SAMPLE_ACCESS_MODEL;
const login = base.loginRoles[1];

function messageOf(model: unknown): string {
    try {
        validateAccessModel(model as AccessModel);
    } catch (e) {
        expect(e).toBeInstanceOf(AccessModelError);
        return (e as Error).message;
    }
    throw new Error("the model was accepted");
}

describe("validateAccessModel", () => {
    test("accepts the sample model and returns it unchanged", () => {
        expect(validateAccessModel(base)).toBe(base);
    });

    test.each<[string, unknown, string]>([
        [
            "unknown role in a grant",
            { ...base, tables: [{ name: "t", privileges: { app_rx: ["SELECT"] } }] },
            "[tables[0].privileges.app_rx] 'app_rx' is not a group role of the model (grantees: app_rw, analytics_ro, auditor)",
        ],
        [
            "privilege typo",
            { ...base, tables: [{ name: "t", privileges: { app_rw: ["SELECT", "DELET"] } }] },
            "[tables[0].privileges.app_rw[1]] 'DELET' is not a table privilege (allowed: SELECT, INSERT, UPDATE, DELETE)",
        ],
        ["ALL is never granted", { ...base, tables: [{ name: "t", privileges: { app_rw: ["ALL"] } }] }, "[tables[0].privileges.app_rw[0]] 'ALL' is not a table privilege (allowed: SELECT, INSERT, UPDATE, DELETE)"],
        [
            "analytics writes",
            { ...base, tables: [{ name: "t", privileges: { analytics_ro: ["SELECT", "INSERT"] } }] },
            "[tables[0].privileges.analytics_ro[1]] analytics_ro is read-only: 'INSERT' is not allowed (allowed: SELECT)",
        ],
        [
            "analytics on a classified table",
            { ...base, tables: [{ name: "t", classified: { ssn: "pii" }, privileges: { analytics_ro: ["SELECT"] } }] },
            "[tables[0].privileges.analytics_ro] the table is classified and analytics.excludeClassified is true: analytics_ro gets no privilege on it",
        ],
        [
            "grant to the owner",
            { ...base, tables: [{ name: "t", privileges: { owner: ["SELECT"] } }] },
            "[tables[0].privileges.owner] the owner owns the table and is never granted privileges on it (grantees: app_rw, analytics_ro, auditor)",
        ],
        [
            "login role with superuser",
            { ...base, loginRoles: [{ ...login, superuser: true }] },
            "[loginRoles[0].superuser] must be false: a login role never holds SUPERUSER (HPG-ROLE-01)",
        ],
        [
            "login role with CREATEROLE",
            { ...base, loginRoles: [{ ...login, createRole: true }] },
            "[loginRoles[0].createRole] must be false: a login role never holds CREATEROLE (HPG-ROLE-01)",
        ],
        [
            "shared login role",
            { ...base, loginRoles: [login, { ...login, service: "worker" }] },
            "[loginRoles[1].name] 'svc_api' is declared twice (also loginRoles[0].name): a login role belongs to one service and is never shared",
        ],
        [
            "two login roles for one service",
            { ...base, loginRoles: [login, { ...login, name: "svc_api2" }] },
            "[loginRoles[1].service] service 'api' already has login role 'svc_api': one login role per service",
        ],
        [
            "login role in an unknown group",
            { ...base, loginRoles: [{ ...login, group: "readers" }] },
            "[loginRoles[0].group] 'readers' is not a group role: a login role is a member of exactly one of owner, app_rw, analytics_ro, auditor",
        ],
        [
            "login role in two groups",
            { ...base, loginRoles: [{ ...login, group: ["app_rw", "owner"] }] },
            '[loginRoles[0].group] ["app_rw","owner"] is not a group role: a login role is a member of exactly one of owner, app_rw, analytics_ro, auditor',
        ],
        ["unknown auth", { ...base, loginRoles: [{ ...login, auth: "md5" }] }, "[loginRoles[0].auth] 'md5' is not an authentication method (allowed: iam, password)"],
        [
            "invalid identifier",
            { ...base, loginRoles: [{ ...login, name: 'svc"; DROP ROLE x; --' }] },
            "[loginRoles[0].name] 'svc\"; DROP ROLE x; --' is not a valid identifier: use lower-case letters, digits and _, starting with a letter or _, at most 63 bytes",
        ],
        [
            "reserved role name",
            { ...base, loginRoles: [{ ...login, name: "rds_superuser" }] },
            "[loginRoles[0].name] 'rds_superuser' cannot be used: the pg_ and rds prefixes are reserved for PostgreSQL and RDS roles",
        ],
        [
            "login role named as the catalog admin",
            { ...base, loginRoles: [{ ...login, name: "hpg_admin" }] },
            "[loginRoles[0].name] 'hpg_admin' is an admin role name in the control catalog; a service login role must not use it",
        ],
        [
            "login role named like a group",
            { ...base, loginRoles: [{ ...login, name: "hpg_app_rw" }] },
            "[loginRoles[0].name] 'hpg_app_rw' is already the name of groups.app_rw: every role of the model has its own name",
        ],
        [
            "connection limit",
            { ...base, loginRoles: [{ ...login, connectionLimit: 0 }] },
            "[loginRoles[0].connectionLimit] 0 must be a whole number from 1 to 10000",
        ],
        [
            "statement timeout",
            { ...base, loginRoles: [{ ...login, statementTimeoutMs: 1.5 }] },
            "[loginRoles[0].statementTimeoutMs] 1.5 must be a whole number of milliseconds from 1 to 86400000 (24 hours)",
        ],
        [
            "tenant setting without a prefix",
            { ...base, tenant: { setting: "tenant_id" } },
            "[tenant.setting] 'tenant_id' is not a custom setting name: use a prefixed lower-case name such as 'app.tenant_id'",
        ],
        ["tenant type", { ...base, tenant: { type: "int4" } }, "[tenant.type] 'int4' is not a supported tenant id type (allowed: uuid, text, bigint, integer)"],
        ["classification", { ...base, tables: [{ name: "t", classified: { ssn: "secret" } }] }, "[tables[0].classified.ssn] 'secret' is not a classification (allowed: phi, pii, pci)"],
        ["public as the app schema", { ...base, schema: "public" }, "[schema] 'public' is reserved: the application schema must be its own (not public, hpg or information_schema)"],
        ["duplicate table", { ...base, tables: [{ name: "t" }, { name: "t" }] }, "[tables[1].name] 't' is declared twice (also tables[0])"],
        [
            "a misspelt field",
            { ...base, tables: [{ name: "t", tennantScoped: false }] },
            "[tables[0].tennantScoped] is not a field of the access model here (allowed: name, tenantScoped, classified, privileges)",
        ],
    ])("rejects %s", (_what, model, message) => {
        expect(messageOf(model)).toBe(message);
    });

    test("lists every problem, one per line, with the field and value in the issue", () => {
        const error = (() => {
            try {
                validateAccessModel({ ...base, loginRoles: [{ ...login, superuser: true, auth: "md5" as never }] });
            } catch (e) {
                return e as AccessModelError;
            }
            throw new Error("accepted");
        })();
        expect(error.issues.map((i) => [i.field, i.value])).toEqual([
            ["loginRoles[0].auth", "md5"],
            ["loginRoles[0].superuser", true],
        ]);
        expect(error.message.split("\n")).toHaveLength(2);
    });
});

describe("resolveAccessModel", () => {
    test("fills defaults: catalog owner name, app.tenant_id, no DELETE by default, analytics excluded from classified tables", () => {
        const m = resolveAccessModel(base);
        expect(m.groups).toEqual({ owner: "hpg_owner", app_rw: "hpg_app_rw", analytics_ro: "hpg_analytics_ro", auditor: "hpg_auditor" });
        expect(m.tenant).toEqual({ setting: "app.tenant_id", column: "tenant_id", type: "uuid" });
        expect(m.tables.map((t) => [t.name, t.tenantScoped, t.privileges])).toEqual([
            ["clinics", true, { app_rw: ["SELECT", "INSERT", "UPDATE"], analytics_ro: ["SELECT"], auditor: [] }],
            ["patients", true, { app_rw: ["SELECT", "INSERT", "UPDATE"], analytics_ro: [], auditor: [] }],
            ["appointments", true, { app_rw: ["SELECT", "INSERT", "UPDATE", "DELETE"], analytics_ro: [], auditor: [] }],
        ]);
        expect(m.loginRoles.find((l) => l.name === "svc_api")).toMatchObject({ connectionLimit: 50, statementTimeoutMs: 30000 });
    });
});
