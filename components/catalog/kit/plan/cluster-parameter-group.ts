import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { ControlDefinition, ControlId } from "../../control";
import { describeRule, satisfiesRule } from "../../facts/parameters";
import type { Family } from "../../facts/types";
import { RDS_PARAMETER_DEFAULTS, REQUIRED_PARAMETERS, confirmedRdsParameterDefaults, judgementsOf, unconfirmedDefaultParameters } from "../../required-parameters";
import { ControlPolicy, controlMetadata, violation } from "./control-policy";
import { ParameterFinding, ParameterGroupInputs, declaredParameters } from "./parameter-group";

/** How messages name a DB cluster parameter group (Aurora PostgreSQL, or an RDS Multi-AZ DB cluster). */
export const CLUSTER_PARAMETER_GROUP_KIND = "cluster parameter group";

/** How messages name an Aurora PostgreSQL DB (instance) parameter group. */
export const AURORA_INSTANCE_GROUP_KIND = "Aurora instance parameter group";

/** Aurora PostgreSQL families, e.g. `aurora-postgresql16`; RDS compares family names case-insensitively. */
export function isAuroraPostgresFamily(family: string | undefined): boolean {
    return family !== undefined && /^aurora-postgresql\d+$/i.test(family);
}

/** Families of PostgreSQL DB cluster parameter groups: Aurora PostgreSQL, and `postgresNN` for a Multi-AZ DB cluster. */
export function isPostgresClusterFamily(family: string | undefined): boolean {
    return family !== undefined && (isAuroraPostgresFamily(family) || /^postgres\d+$/i.test(family));
}

/**
 * pgaudit's own defaults (https://github.com/pgaudit/pgaudit/blob/main/README.md, "Settings"): the extension's, which
 * apply wherever a parameter group leaves them unset. AWS documents no Aurora or Multi-AZ override of them. Not
 * pgaudit.log_parameter: its compliant off is stated by no AWS page, so a group must declare it, as on RDS.
 */
const PGAUDIT_DEFAULTS: Readonly<Record<string, string>> = {
    "pgaudit.log": "none",
    "pgaudit.log_client": "0",
    "pgaudit.log_rows": "0",
    "pgaudit.log_level": "log",
    "pgaudit.role": "",
};

/**
 * PostgreSQL's own defaults of the logging settings the judgements read (the catalog models them as each read's
 * `rdsDefault`: log_min_messages warning, log_destination stderr, log_statement none, the sampling settings off,
 * log_parameter_max_length -1 and its `_on_error` twin 0, auto_explain not logging), plus
 * log_connections/log_disconnections, off by default. Aurora PostgreSQL is PostgreSQL-compatible and AWS documents no
 * Aurora override of these, so an Aurora group that leaves them unset gets them; a hand-written group that declares
 * only what it changes is then judged as RDS runs it, not blocked for settings it never had to write.
 * Not ssl_min_protocol_version: PostgreSQL's TLSv1.2 since 13 (postgres commit b1abfec8) is stated for neither RDS nor
 * Aurora by any AWS page, and assuming a compliant default would pass a group silently, so it must be declared (issue 14 item 6).
 */
const POSTGRES_CORE_DEFAULTS: Readonly<Record<string, string>> = {
    ...Object.fromEntries(
        judgementsOf(undefined)
            .flatMap((j) => j.reads.map((r): [string, string] => [r.name.toLowerCase(), r.rdsDefault]))
            // RDS's value, not PostgreSQL's: Aurora's own list of preloaded libraries is not confirmed, so it must be declared.
            .filter(([name]) => name !== "shared_preload_libraries"),
    ),
    log_connections: "0",
    log_disconnections: "0",
};

/**
 * What an Aurora PostgreSQL DB cluster parameter group leaves a parameter at: PostgreSQL's defaults, pgaudit's, and
 * AWS's documented Aurora ones. A parameter not here (shared_preload_libraries, ...) has no confirmed Aurora default, so
 * a group must declare it: assuming a compliant default could pass a weak cluster.
 */
export const AURORA_CLUSTER_DEFAULTS: Readonly<Record<string, string>> = {
    ...POSTGRES_CORE_DEFAULTS,
    ...PGAUDIT_DEFAULTS,
    // "md5+scram" is the default: MD5 logins are accepted for roles with MD5 verifiers
    // (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/PostgreSQL_Password_Encryption_configuration.html).
    "rds.accepted_password_auth_method": "md5+scram",
    // "The rds.force_ssl parameter is set to 0 by default" (https://repost.aws/knowledge-center/aurora-postgresql-ssl-certificates).
    "rds.force_ssl": "0",
    // Aurora PostgreSQL 14+: default.aurora-postgresqlNN sets password_encryption to scram-sha-256
    // (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/PostgreSQL_Password_Encryption_configuration.html).
    password_encryption: "scram-sha-256",
    // "By default, this parameter isn't set", so PostgreSQL's own default applies (none, -1)
    // (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.Concepts.PostgreSQL.Query_Logging.html).
    log_statement: "none",
    log_min_duration_statement: "-1",
};

/**
 * What an RDS Multi-AZ DB cluster parameter group (family `postgresNN`) leaves a parameter at: the cluster runs the RDS
 * for PostgreSQL engine, so the catalog's confirmed RDS defaults of that family (the ones instance groups are judged with) apply;
 * for a family the catalog does not support, only pgaudit's own are assumed and every other parameter must be declared.
 */
function multiAzClusterDefaults(family: string): Readonly<Record<string, string>> {
    const known = (Object.keys(RDS_PARAMETER_DEFAULTS) as Family[]).find((f) => f === family.toLowerCase());
    // An unconfirmed RDS default (the catalog's source record) is no more confirmed here: pgaudit's own is dropped with it.
    const unconfirmed = new Set(known === undefined ? [] : unconfirmedDefaultParameters(known).map((p) => p.name.toLowerCase()));
    const pgaudit = Object.fromEntries(Object.entries(PGAUDIT_DEFAULTS).filter(([k]) => !unconfirmed.has(k)));
    return known === undefined
        ? { ...PGAUDIT_DEFAULTS }
        : { ...pgaudit, ...Object.fromEntries(Object.entries(confirmedRdsParameterDefaults(known)).map(([k, v]) => [k.toLowerCase(), v])) };
}

/** Aurora families from 14 on (the password_encryption default above holds for those; older ones are not supported). */
function auroraMajor(family: string): number | undefined {
    const m = /^aurora-postgresql(\d+)$/i.exec(family);
    return m ? Number(m[1]) : undefined;
}

/** The confirmed defaults of a cluster parameter group's family, by lower-case name; empty for an unknown family. */
export function clusterGroupDefaults(family: string | undefined): ReadonlyMap<string, string> {
    const major = auroraMajor(family ?? "");
    if (major !== undefined) {
        const defaults = { ...AURORA_CLUSTER_DEFAULTS };
        if (major < 14) {
            delete (defaults as Record<string, string>).password_encryption;
        }
        return new Map(Object.entries(defaults));
    }
    return isPostgresClusterFamily(family) ? new Map(Object.entries(multiAzClusterDefaults(family ?? ""))) : new Map();
}

/**
 * Where a setting a group leaves undeclared comes from: the family's default (`defaults`), or, for an Aurora instance
 * group, the cluster's parameter group (`inherited`), which this group can't show and which is judged on its own.
 */
type Undeclared = { defaults: ReadonlyMap<string, string>; family: string } | { inherited: true };

/**
 * The required parameters and settings judgements (of one control) that a group's effective values fail. A setting
 * the group doesn't declare takes the family default; without a confirmed default it must be declared.
 */
function findings(group: ParameterGroupInputs, controlId: ControlId | undefined, undeclared: Undeclared): ParameterFinding[] {
    const declared = declaredParameters(group);
    const inherited = "inherited" in undeclared;
    const defaultOf = (name: string) => ("inherited" in undeclared ? undefined : undeclared.defaults.get(name));
    const known = (name: string) => declared.has(name) || defaultOf(name) !== undefined;
    const value = (name: string) => (declared.has(name) ? declared.get(name) : defaultOf(name));
    const noDefault = "inherited" in undeclared ? "" : `the catalog has no confirmed RDS default for family '${undeclared.family}'`;
    const result: ParameterFinding[] = [];
    for (const parameter of REQUIRED_PARAMETERS.filter((p) => controlId === undefined || p.control === controlId)) {
        const name = parameter.name.toLowerCase();
        const fix = `set it to ${describeRule(parameter.rule)}`;
        if (inherited && !declared.has(name)) {
            continue; // the cluster's group decides it
        }
        if (!known(name)) {
            result.push({ control: parameter.control, subject: parameter.name, problem: `${parameter.name} is not declared and ${noDefault}`, fix: `declare it: ${fix}` });
        } else if (!satisfiesRule(parameter.rule, value(name))) {
            const shown = declared.has(name) ? `is '${value(name)}'` : `is not declared, so it is the ${"family" in undeclared ? undeclared.family : ""} default '${value(name) ?? ""}'`;
            result.push({ control: parameter.control, subject: parameter.name, problem: `${parameter.name} ${shown}`, fix });
        }
    }
    for (const judgement of judgementsOf(controlId)) {
        const subject = judgement.reads.map((r) => r.name).join(", ");
        const reads = judgement.reads.map((r) => r.name.toLowerCase());
        if (inherited && !reads.some((r) => declared.has(r))) {
            continue; // nothing here overrides the cluster's group
        }
        const unknown = judgement.reads.filter((r) => !known(r.name.toLowerCase())).map((r) => r.name);
        if (unknown.length > 0) {
            const declaredReads = judgement.reads.filter((r) => declared.has(r.name.toLowerCase())).map((r) => r.name);
            const problem = inherited
                ? `declares ${declaredReads.join(", ")} but not ${unknown.join(", ")}, which then come from the cluster's parameter group, judged apart`
                : `${unknown.join(", ")} not declared and ${noDefault}`;
            result.push({ control: judgement.control, subject, problem, fix: `${inherited ? "declare them here too" : "declare them"}: ${judgement.fix}` });
            continue;
        }
        for (const problem of judgement.judge((name) => value(name.toLowerCase()))) {
            result.push({ control: judgement.control, subject, problem, fix: judgement.fix });
        }
    }
    return result;
}

/** What a PostgreSQL DB cluster parameter group's effective values (declared, else the family default) fail, for one control or all. */
export function clusterParameterGroupFindings(group: ParameterGroupInputs, controlId?: ControlId): ParameterFinding[] {
    return findings(group, controlId, { defaults: clusterGroupDefaults(group.family), family: group.family ?? "" });
}

/**
 * What an Aurora instance parameter group declares against one control. Aurora takes an instance's setting from its
 * DB parameter group if that sets it, else from the cluster's group ("The DB cluster parameter group also contains
 * default settings for the DB parameter group", AuroraPostgreSQL.Reference.ParameterGroups), which is judged itself;
 * so only what this group declares is judged, and a judgement it touches must be declared here in full.
 */
export function auroraInstanceGroupFindings(group: ParameterGroupInputs, controlId?: ControlId): ParameterFinding[] {
    return findings(group, controlId, { inherited: true });
}

/**
 * A resource policy over aws.rds.ClusterParameterGroup (Aurora PostgreSQL and Multi-AZ `postgresNN` families) and over
 * Aurora PostgreSQL aws.rds.ParameterGroup (instance groups) for every required parameter and judgement of one control.
 * RDS PostgreSQL instance groups are judged by `parameterGroupPolicy`.
 */
export function clusterParameterGroupPolicy(control: ControlDefinition, name: string, judges: string): ControlPolicy {
    return {
        name,
        judges,
        ...controlMetadata(control),
        validateResource: [
            validateResourceOfType(aws.rds.ClusterParameterGroup, (group, args, reportViolation) => {
                if (!isPostgresClusterFamily(group.family)) {
                    args.notApplicable(`family '${group.family}' is not a PostgreSQL cluster family`);
                }
                for (const finding of clusterParameterGroupFindings(group, control.id)) {
                    reportViolation(violation(control.id, CLUSTER_PARAMETER_GROUP_KIND, args.name, finding.problem, finding.fix));
                }
            }),
            validateResourceOfType(aws.rds.ParameterGroup, (group, args, reportViolation) => {
                if (!isAuroraPostgresFamily(group.family)) {
                    args.notApplicable(`family '${group.family}' is not an Aurora PostgreSQL family`);
                }
                for (const finding of auroraInstanceGroupFindings(group, control.id)) {
                    reportViolation(violation(control.id, AURORA_INSTANCE_GROUP_KIND, args.name, finding.problem, finding.fix));
                }
            }),
        ],
    };
}
