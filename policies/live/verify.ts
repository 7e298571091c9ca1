import { Client } from "pg";
import { DEFAULT_ADMIN_ROLES, DEFAULT_MIGRATOR_ROLES, DEFAULT_TENANT_COLUMN, DEFAULT_TENANT_SETTING } from "../../components/catalog";
import { createCheckContext, CheckQueryError } from "./check-context";
import { connectForInspection, InspectionConnection, parseInspectionUrl, ServerIdentityCheck } from "./connection";
import { LIVE_CHECKS } from "./pack";
import { detectPlatform, readServerIdentity, ServerIdentity } from "./server-identity";
import { CheckResult, CheckStatus, InspectionTarget, LiveCheck, PlaintextProbe, Platform, QueryEvidence, VerifyOptions } from "./types";

/** The tenant column of the access model's tenant tables, unless the caller names another (the catalog's fact). */
export { DEFAULT_TENANT_COLUMN };

/** Verification of one server: who it is, and one result per live control. */
export interface VerifyReport {
    target: InspectionTarget;
    platform: Platform;
    server: ServerIdentity;
    /**
     * Whether TLS proved which server answered. When not (`verified: false`), every report and bundle says "server
     * identity not verified": the results describe whatever server answered, not necessarily the one named.
     */
    serverIdentity: ServerIdentityCheck;
    /** The identity and platform queries, for the record. */
    serverEvidence: QueryEvidence[];
    options: VerifyOptions;
    results: CheckResult[];
    passed: number;
    failed: number;
    /** Controls that could not be checked (never counted as passed). */
    errors: number;
}

/** Input `verify` can't act on (e.g. a --tenant-column no table has); the CLI exits 2 with the message. */
export class VerifyInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "VerifyInputError";
    }
}

/**
 * A tenant column named by the caller must exist: a typo would otherwise shrink HPG-RLS-01 to the classified tables
 * and pass in silence. The default column may be absent (a database without tenant tables).
 */
async function requireTenantColumn(client: Client, column: string): Promise<void> {
    const r = await client.query(
        `SELECT count(*)::int AS "tables" FROM pg_catalog.pg_attribute AS a JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
         WHERE a.attname = $1 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
        [column],
    );
    if ((r.rows[0]?.tables ?? 0) === 0) {
        throw new VerifyInputError(`--tenant-column '${column}' is a column of no table in this database, so no table would be judged as a tenant table; allowed: the tenant column your tables have (default ${DEFAULT_TENANT_COLUMN})`);
    }
}

/** Options with their defaults filled in: `??` where each is read. */
export function resolveVerifyOptions(options: Partial<VerifyOptions> = {}): VerifyOptions {
    const unique = (names: readonly string[]) => [...new Set(names)];
    return {
        adminRoles: unique(options.adminRoles ?? DEFAULT_ADMIN_ROLES),
        migratorRoles: unique(options.migratorRoles ?? DEFAULT_MIGRATOR_ROLES),
        replicationRoles: unique(options.replicationRoles ?? []),
        declaredPublications: unique(options.declaredPublications ?? []),
        tenantColumn: options.tenantColumn ?? DEFAULT_TENANT_COLUMN,
        tenantSetting: options.tenantSetting ?? DEFAULT_TENANT_SETTING,
        ...(options.platform ? { platform: options.platform } : {}),
        ...(options.auditArchive !== undefined ? { auditArchive: options.auditArchive } : {}),
        ...(options.expectAnchor !== undefined ? { expectAnchor: options.expectAnchor } : {}),
    };
}

/** A status from what a check concluded: any violation fails; otherwise anything unverifiable is an error. */
function statusOf(findings: string[], unverified: string[]): CheckStatus {
    return findings.length > 0 ? "fail" : unverified.length > 0 ? "error" : "pass";
}

/** Runs one check; a query the server refuses makes the control `error` with the server's reason, never `pass`. */
export async function runCheck(check: LiveCheck, args: Parameters<typeof createCheckContext>[0]): Promise<CheckResult> {
    const ctx = createCheckContext(args);
    const base = { control: check.control.id, title: check.control.title };
    try {
        const outcome = await check.run(ctx);
        const unverified = outcome.unverified ?? [];
        const status = statusOf(outcome.findings, unverified);
        return {
            ...base,
            status,
            findings: outcome.findings,
            unverified,
            notes: outcome.notes ?? [],
            ...(status === "pass" && outcome.vacuous !== undefined ? { vacuous: outcome.vacuous } : {}),
            evidence: ctx.evidence,
        };
    } catch (e) {
        if (e instanceof CheckQueryError) {
            return {
                ...base,
                status: "error",
                findings: [],
                unverified: [`could not be checked as ${args.target.user}: ${e.message} (query: ${e.title})`],
                notes: [],
                evidence: ctx.evidence,
            };
        }
        throw e;
    }
}

/** Runs every live check over an open connection. */
export async function runLiveChecks(
    client: Client,
    connection: InspectionConnection,
    options: Partial<VerifyOptions> = {},
    probe?: () => Promise<PlaintextProbe>,
): Promise<VerifyReport> {
    const resolved = resolveVerifyOptions(options);
    if (options.tenantColumn !== undefined && options.tenantColumn !== DEFAULT_TENANT_COLUMN) {
        await requireTenantColumn(client, options.tenantColumn);
    }
    const { identity, evidence: identityEvidence } = await readServerIdentity(client);
    const detected = await detectPlatform(client);
    const platform = resolved.platform ?? detected.platform;
    const results: CheckResult[] = [];
    for (const check of LIVE_CHECKS) {
        results.push(await runCheck(check, { client, connection, platform, options: resolved, target: connection.target, probe }));
    }
    return {
        target: connection.target,
        platform,
        server: identity,
        serverIdentity: connection.serverIdentity,
        serverEvidence: [...identityEvidence, detected.evidence],
        options: resolved,
        results,
        passed: results.filter((r) => r.status === "pass").length,
        failed: results.filter((r) => r.status === "fail").length,
        errors: results.filter((r) => r.status === "error").length,
    };
}

/** Connects to `url`, runs every live check, disconnects. Throws `LiveConnectionError` when it cannot connect. */
export async function verifyServer(url: string, options: Partial<VerifyOptions> = {}): Promise<VerifyReport> {
    const connection = parseInspectionUrl(url);
    const client = await connectForInspection(connection);
    try {
        return await runLiveChecks(client, connection, options);
    } finally {
        await client.end().catch(() => undefined);
    }
}

/** Whether every live control passed. */
export function allPassed(report: Pick<VerifyReport, "failed" | "errors">): boolean {
    return report.failed === 0 && report.errors === 0;
}
