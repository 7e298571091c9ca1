import type { ArchiveProof } from "../../../audit-trail/archive-proof";
import type { ControlDefinition } from "../../control";

/** Where the server runs: RDS manages TLS, superuser and audit roles itself, so a few checks read other settings. */
export type Platform = "rds" | "self-managed";

/** One query a check ran, as an auditor reads it: the exact text, its bound parameters and every row it returned. */
export interface QueryEvidence {
    /** What the query shows, in words. */
    title: string;
    /** The SQL text exactly as sent to the server (or a description of a connection attempt, for probes). */
    sql: string;
    /** Bound parameters ($1, $2, ...), when the query has any. */
    params?: unknown[];
    rows: Record<string, unknown>[];
    /** The server's error, when the query could not run (e.g. a permission the verifying role lacks). */
    error?: string;
}

/** What a check concludes; the runner adds the control, the status and the evidence. */
export interface CheckOutcome {
    findings: string[];
    unverified?: string[];
    notes?: string[];
    /** Why a pass judged nothing (e.g. no tenant table): reports say so by default, so an empty database never looks protected. */
    vacuous?: string;
}

/** What the checks know beyond the database itself. Every field has a default (see `resolveVerifyOptions`). */
export interface VerifyOptions {
    /** Roles allowed SUPERUSER, BYPASSRLS, CREATEROLE and CREATEDB (HPG-ROLE-01). Default: the catalog's DEFAULT_ADMIN_ROLES. */
    adminRoles: string[];
    /** Login roles allowed to be members of the owner group, to run migrations (HPG-ROLE-01). Default: the catalog's DEFAULT_MIGRATOR_ROLES. */
    migratorRoles: string[];
    /** Login roles allowed REPLICATION, e.g. a standby's or a change-data-capture tool's (HPG-ROLE-01). Default: none. */
    replicationRoles: string[];
    /** Publications allowed to ship protected tables by logical replication (HPG-ROLE-01). Default: none. */
    declaredPublications: string[];
    /** The tenant column name that marks a tenant-scoped table (HPG-RLS-01). Default: `tenant_id`. */
    tenantColumn: string;
    /** The setting the tenant policies read (HPG-RLS-01): it must have no default anywhere. Default: `app.tenant_id`. */
    tenantSetting: string;
    /** `rds`, `self-managed`, or undefined to detect it from the server (an RDS server has the `rds.force_ssl` setting). */
    platform?: Platform;
    /** The local twin's audit archive directory, which HPG-AUD-06 verifies on a self-managed server. Default: none (the control can't be checked). */
    auditArchive?: string;
    /** The archive's last hash recorded earlier (HPG-AUD-06): records cut off after it are seen only against it. Default: none. */
    expectAnchor?: string;
}

/** A connection to inspect, with the redacted DSN that may be recorded. */
export interface InspectionTarget {
    /** The DSN without its password: the only form of it that is ever printed or written. */
    redactedUrl: string;
    host: string;
    port: number;
    database: string;
    user: string;
}

/** A live check: one control, one file, one `run`. */
export interface LiveCheck {
    control: ControlDefinition;
    run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** What a check is given: a recorder that runs queries and keeps them as evidence, plus the facts every check shares. */
export interface CheckContext {
    platform: Platform;
    options: VerifyOptions;
    target: InspectionTarget;
    /** Runs `sql`, records it with its rows, and returns the rows. Throws `CheckQueryError` when the server refuses. */
    query<T extends Record<string, unknown> = Record<string, unknown>>(title: string, sql: string, params?: unknown[]): Promise<T[]>;
    /** Records evidence that is not a query (e.g. the result of a connection probe). */
    record(evidence: QueryEvidence): void;
    /** The evidence recorded so far by this check. */
    readonly evidence: QueryEvidence[];
    /** A connection attempt without TLS and without a password, to prove the server refuses it (HPG-TLS-01). */
    probePlaintext(): Promise<PlaintextProbe>;
    /** Verifies `options.auditArchive` (HPG-AUD-06): read-only, on this machine. Throws when it is not an archive. */
    verifyAuditArchive?(dir: string, expectAnchor?: string): ArchiveProof;
}

/** What happened when we tried to connect without TLS. */
export type PlaintextProbe =
    | { outcome: "refused"; sqlstate?: string; message: string }
    | { outcome: "asked-for-password"; message: string }
    | { outcome: "connected"; message: string }
    | { outcome: "inconclusive"; message: string };

/** The live checks a control module's live.ts exports (every exported value with a control and a run function). */
export function liveChecksOf(module: Record<string, unknown>): LiveCheck[] {
    return Object.values(module).filter(
        (v): v is LiveCheck => typeof v === "object" && v !== null && typeof (v as LiveCheck).run === "function" && typeof (v as LiveCheck).control?.id === "string",
    );
}
