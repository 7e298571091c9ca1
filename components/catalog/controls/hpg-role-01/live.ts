import { DECLARED_DEFINER_FUNCTIONS, OWNER_ROLE, PRIVILEGED_ROLE_ATTRIBUTES } from "../..";
import { CheckContext, CheckOutcome, LiveCheck, Platform, VerifyOptions } from "../../kit/live/types";
import { control } from "./control";
import { ExecutableDefinerFunction, loginRolePaths, LoginRolePaths, PRIVILEGED_GROUP_ROLES, PrivilegedMembership } from "./privileged-paths";
import { protectedPublications, ProtectedPublicationRow } from "./protected-publications";

/** Login roles RDS creates and operates itself; customers cannot log in as them or change them. */
export const RDS_MANAGED_LOGIN_ROLES = ["rdsadmin", "rdsrepladmin", "rdstopmgr"];

/** What a check concludes about part of the server. */
interface Judgement {
    findings: string[];
    notes: string[];
}

const ATTRIBUTE_KEYWORDS: readonly string[] = PRIVILEGED_ROLE_ATTRIBUTES.map((a) => a.keyword);

/** A group with SUPERUSER, BYPASSRLS, CREATEROLE or CREATEDB, or a privileged group role: as good as the attribute itself. */
/** The statements that remove a login role's privileged attributes and memberships (or: declare it with --admin-role). */
function attributeFix(role: string, attributes: string[], groups: string[]): string {
    const statements = [
        ...(attributes.length > 0 ? [`ALTER ROLE ${role} ${attributes.map((a) => `NO${a}`).join(" ")}`] : []),
        ...groups.map((g) => `REVOKE ${g} FROM ${role} (or from the role it inherits ${g} through)`),
    ];
    return `${statements.join("; ")}, or declare ${role} with --admin-role if it is an admin`;
}

const isAttributeGroup = (m: PrivilegedMembership) => m.attributes.some((a) => ATTRIBUTE_KEYWORDS.includes(a)) || PRIVILEGED_GROUP_ROLES.includes(m.group);
const isOwnerGroup = (m: PrivilegedMembership) => m.group === OWNER_ROLE && !isAttributeGroup(m);
const isReplicationGroup = (m: PrivilegedMembership) => m.attributes.includes("REPLICATION") && !isAttributeGroup(m);

const through = (m: PrivilegedMembership) => (m.through.length > 0 ? ` through ${m.through.join(", ")}` : "");

/** The revokes that cut one membership path: the login role's own grant, or the group's grant to the last role on the path. */
function revokePath(m: PrivilegedMembership): string {
    return m.through.length === 0 ? m.revoke_from_login_role : `${m.revoke_from_login_role}, or ${m.revoke_group} for every member of ${m.through[m.through.length - 1]}`;
}

/** The power a definer function's owner lends to whoever executes it, e.g. `SUPERUSER` or `the owner group`. */
function ownerPowers(f: ExecutableDefinerFunction): string[] {
    return [
        ...f.owner_attributes,
        ...(f.owner === OWNER_ROLE ? ["the owner group"] : PRIVILEGED_GROUP_ROLES.includes(f.owner) ? ["a privileged group role"] : []),
        ...f.owner_member_of.map((g) => `member of ${g}`),
    ];
}

/** A function whose owner's only power is the owner group's: a declared migrator already has that power. */
function ownerGroupPowerOnly(f: ExecutableDefinerFunction): boolean {
    return f.owner_attributes.length === 0 && !PRIVILEGED_GROUP_ROLES.includes(f.owner) && f.owner_member_of.every((g) => g === OWNER_ROLE);
}

/** Everything privileged about a login role, for notes on the roles that are allowed it. */
function describeRole(r: LoginRolePaths): string {
    const attributes = [...ATTRIBUTE_KEYWORDS, "REPLICATION"].filter((k) => r[k.toLowerCase()] === true);
    const groups = [...new Set(r.privileged_memberships.map((m) => m.group))].sort();
    return [...attributes, ...groups.map((g) => `member of ${g}`)].join(", ");
}

/** Each declared definer function once, with every group it is declared for. */
function declaredDefinerList(): string {
    const groups = new Map<string, string[]>();
    for (const d of DECLARED_DEFINER_FUNCTIONS) {
        groups.set(d.signature, [...(groups.get(d.signature) ?? []), d.executableBy]);
    }
    return [...groups].map(([signature, by]) => `${signature} (members of ${by.join(", ")} only)`).join(", ");
}

/** One login role's privileged paths against what the options declare. */
export function judgeLoginRole(r: LoginRolePaths, options: Pick<VerifyOptions, "adminRoles" | "migratorRoles" | "replicationRoles">, platform: Platform): Judgement {
    const findings: string[] = [];
    const notes: string[] = [];
    const what = describeRole(r);
    if (options.adminRoles.includes(r.role)) {
        return { findings, notes: what === "" ? [] : [`${r.role} is a declared admin role (${what})`] };
    }
    if (platform === "rds" && RDS_MANAGED_LOGIN_ROLES.includes(r.role)) {
        return { findings, notes: what === "" ? [] : [`${r.role} is managed by RDS (${what}); customers cannot log in as it`] };
    }
    const attributes = ATTRIBUTE_KEYWORDS.filter((k) => r[k.toLowerCase()] === true);
    const attributeGroups = [...new Set(r.privileged_memberships.filter(isAttributeGroup).map((m) => m.group))].sort();
    if (attributes.length > 0 || attributeGroups.length > 0) {
        const held = [...attributes, ...attributeGroups.map((g) => `member of ${g}`)].join(", ");
        findings.push(`login role ${r.role} is not a declared admin but has ${held}; fix: ${attributeFix(r.role, attributes, attributeGroups)}`);
    }
    if (r.superuser === true) {
        // A superuser passes every permission check: its other paths add nothing to the finding above.
        return { findings, notes };
    }

    const migrator = options.migratorRoles.includes(r.role);
    for (const m of r.privileged_memberships.filter(isOwnerGroup)) {
        if (migrator) {
            notes.push(`${r.role} is a declared migrator, member of the owner group ${OWNER_ROLE}${through(m)}`);
        } else {
            findings.push(
                `login role ${r.role} is a member of the owner group ${OWNER_ROLE}${through(m)}, so it can SET ROLE ${OWNER_ROLE} and disable row-level security ` +
                    `on the tables ${OWNER_ROLE} owns; it is neither a declared admin nor a declared migrator. Fix: ${revokePath(m)} ` +
                    `(only a login role that runs migrations belongs in it, declared with --migrator-role)`,
            );
        }
    }

    const replicationPaths = r.privileged_memberships.filter(isReplicationGroup);
    if (r.replication === true || replicationPaths.length > 0) {
        const how = [...(r.replication === true ? ["REPLICATION"] : []), ...replicationPaths.map((m) => `member of ${m.group}${through(m)}`)].join(", ");
        if (options.replicationRoles.includes(r.role)) {
            notes.push(`${r.role} is a declared replication role (${how})`);
        } else {
            const fixes = [...(r.replication === true ? [r.norepl] : []), ...replicationPaths.map(revokePath)].join("; ");
            findings.push(
                `login role ${r.role} has ${how}${r.replication === true ? "" : ", which has REPLICATION"}, so it can read every change to every table ` +
                    `through replication, past row-level security and pgaudit; it is neither a declared admin nor a declared replication role. ` +
                    `Fix: ${fixes} (a standby's or change-data-capture tool's login role is declared with --replication-role)`,
            );
        }
    }

    for (const f of r.definer_functions) {
        const declared = DECLARED_DEFINER_FUNCTIONS.find((d) => d.signature === f.function && r.member_of.includes(d.executableBy)) ?? DECLARED_DEFINER_FUNCTIONS.find((d) => d.signature === f.function);
        const runsAs = `SECURITY DEFINER function ${f.function}, which runs as ${f.owner} (${ownerPowers(f).join(", ")})`;
        if (declared !== undefined && r.member_of.includes(declared.executableBy)) {
            notes.push(`${r.role} may execute ${runsAs}: declared by the product for members of ${declared.executableBy}; it ${declared.purpose}`);
        } else if (migrator && ownerGroupPowerOnly(f)) {
            notes.push(`${r.role} may execute ${runsAs}: a declared migrator already acts as the owner group`);
        } else {
            findings.push(
                `login role ${r.role} may execute ${runsAs}; EXECUTE is granted to ${f.granted_to.join(", ")}` +
                    (declared !== undefined ? `, but the product declares it for members of ${declared.executableBy} only` : "") +
                    `. Fix: ${f.revoke}${declared !== undefined ? "" : ", or give it an owner without privileges"}`,
            );
        }
    }
    return { findings, notes };
}

/** How one protected table is regulated, e.g. `app.patients (tenant rows; classified full_name, diagnosis)`. */
function describeTable(t: ProtectedPublicationRow): string {
    const kinds = [...(t.has_tenant_column ? ["tenant rows"] : []), ...(t.classified_columns.length > 0 ? [`classified ${t.classified_columns.join(", ")}`] : [])];
    return `${t.table} (${kinds.join("; ")})`;
}

/** Publications that ship protected tables: each is a finding unless declared. */
export function judgePublications(rows: ProtectedPublicationRow[], declaredPublications: string[]): Judgement {
    const findings: string[] = [];
    const notes: string[] = [];
    for (const publication of [...new Set(rows.map((r) => r.publication))]) {
        const own = rows.filter((r) => r.publication === publication);
        const tables = own.map(describeTable).join(", ");
        if (declaredPublications.includes(publication)) {
            notes.push(`publication ${publication} is declared; it ships ${tables}`);
            continue;
        }
        const ident = own[0].publication_ident;
        const listedTables = [...new Set(own.flatMap((r) => r.listed_tables))];
        const listedSchemas = [...new Set(own.flatMap((r) => r.listed_schemas))];
        const how = own[0].all_tables
            ? "FOR ALL TABLES"
            : [...(listedTables.length > 0 ? [`FOR TABLE ${listedTables.join(", ")}`] : []), ...(listedSchemas.length > 0 ? [`FOR TABLES IN SCHEMA ${listedSchemas.join(", ")}`] : [])].join(", ");
        const fix = own[0].all_tables
            ? `DROP PUBLICATION ${ident}, and publish only tables without tenant rows or classified columns`
            : [
                  ...(listedTables.length > 0 ? [`ALTER PUBLICATION ${ident} DROP TABLE ${listedTables.join(", ")}`] : []),
                  ...(listedSchemas.length > 0 ? [`ALTER PUBLICATION ${ident} DROP TABLES IN SCHEMA ${listedSchemas.join(", ")}`] : []),
              ].join("; ");
        findings.push(
            `publication ${publication} (${how}) ships ${tables} to its subscribers by logical replication, where neither row-level security nor ` +
                `pgaudit reaches; it is not a declared publication. Fix: ${fix} (a publication that must ship them is declared with --declared-publication)`,
        );
    }
    return { findings, notes };
}

const listed = (names: readonly string[]) => [...names].sort().join(", ") || "(none)";

/**
 * HPG-ROLE-01: no login role except the declared admins has a privileged path: SUPERUSER, BYPASSRLS, CREATEROLE or
 * CREATEDB, or membership (directly or through other roles) in a role that has one or in a privileged group role; REPLICATION
 * (or membership in a role with it) unless it is a declared replication role; membership in the owner group unless it is
 * a declared migrator; EXECUTE on a SECURITY DEFINER function of a privileged owner, unless the product declares the
 * function for the login role's group. And no publication ships a protected table unless it is declared. In PostgreSQL 15
 * any member may SET ROLE to its groups, so membership is as good as the attribute.
 */
export const noPrivilegedLoginRoles: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const findings: string[] = [];
        const notes: string[] = [];
        for (const r of await loginRolePaths(ctx)) {
            const judged = judgeLoginRole(r, ctx.options, ctx.platform);
            findings.push(...judged.findings);
            notes.push(...judged.notes);
        }
        const publications = judgePublications(await protectedPublications(ctx), ctx.options.declaredPublications);
        findings.push(...publications.findings);
        notes.push(...publications.notes);
        notes.push(
            `declared admin roles: ${listed(ctx.options.adminRoles)}`,
            `declared migrator roles (members of ${OWNER_ROLE}): ${listed(ctx.options.migratorRoles)}`,
            `declared replication roles: ${listed(ctx.options.replicationRoles)}`,
            `declared publications: ${listed(ctx.options.declaredPublications)}`,
            `declared SECURITY DEFINER functions: ${declaredDefinerList() || "(none)"}`,
        );
        return { findings, notes };
    },
};
