import * as crypto from "crypto";
import { Client } from "pg";
import { quoteIdent } from "../components/database-access";
import { bootstrapPassword, clientConfig } from "../infra/local-twin/cluster";
import { generatePassword } from "../infra/local-twin/secrets";
import { BenchCluster, startBenchCluster } from "./bench-cluster";
import { roundOrder } from "./round-order";
import { throwIfInterrupted } from "./interruption";
import { BenchOptions } from "./options";
import { RlsAccess, RlsQuery, RlsResult, RlsVariantResult } from "./results";
import { RLS_MODEL, RLS_ROLES, RLS_TABLES, rlsSetupSql, setTenantSql, unwrappedRuleSql, wrappedRuleSql } from "./rls-schema-sql";
import { percentile } from "./stats";

const RLS_DATABASE = "rls";

/** One tenant-scoped query as one role reaches it. */
interface RlsVariant {
    id: string;
    query: RlsQuery;
    access: RlsAccess;
    tenantIndex: boolean;
    role: string;
    sql: string;
    params: (pick: Pick) => unknown[];
    /** Without the tenant index the aggregate reads the whole table: fewer samples, or the bench takes minutes. */
    fullScan: boolean;
}

/** A tenant and one of its rows, drawn the same way for every variant. */
interface Pick {
    tenant: string;
    tenantRows: number;
    rowId: number;
}

/** The uuid PostgreSQL's `md5('tenant-' || k)::uuid` gives. */
export function tenantUuid(k: number): string {
    const h = crypto.createHash("md5").update(`tenant-${k}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Deterministic picks (mulberry32, fixed seed): every variant queries the same tenants and rows in the same order. */
export function tenantPicks(count: number, rows: number, tenants: number): Pick[] {
    let seed = 0x5eed;
    const next = () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const picks: Pick[] = [];
    for (let i = 0; i < count; i++) {
        const k = Math.floor(next() * tenants);
        // Rows k, k+T, k+2T, … up to `rows` (id 0 does not exist).
        const first = k === 0 ? 1 : 0;
        const last = Math.floor((rows - k) / tenants);
        const j = first + Math.floor(next() * (last - first + 1));
        picks.push({ tenant: tenantUuid(k), tenantRows: last - first + 1, rowId: k + tenants * j });
    }
    return picks;
}

function variants(): RlsVariant[] {
    const col = quoteIdent(RLS_MODEL.tenant.column);
    const out: RlsVariant[] = [];
    for (const tenantIndex of [true, false]) {
        const table = quoteIdent(tenantIndex ? RLS_TABLES.indexed : RLS_TABLES.unindexed);
        const aggregate = `SELECT count(*) AS n, sum(amount) AS total FROM ${table}`;
        const byId = `SELECT id, ${col}, amount, created_at, note FROM ${table} WHERE id = $1`;
        const accesses: Array<[RlsAccess, string, boolean]> = [
            ["explicit-where", RLS_ROLES["explicit-where"], true],
            ["rls-wrapped", RLS_ROLES["rls-wrapped"], false],
            ["rls-unwrapped", RLS_ROLES["rls-unwrapped"], false],
            ["rls-wrapped+where", RLS_ROLES["rls-wrapped"], true],
        ];
        for (const [access, role, where] of accesses) {
            const idx = tenantIndex ? "index" : "no-index";
            out.push({
                id: `aggregate/${idx}/${access}`,
                query: "tenant-aggregate",
                access,
                tenantIndex,
                role,
                sql: where ? `${aggregate} WHERE ${col} = $1` : aggregate,
                params: (p) => (where ? [p.tenant] : []),
                fullScan: !tenantIndex,
            });
            out.push({
                id: `row-by-id/${idx}/${access}`,
                query: "row-by-id",
                access,
                tenantIndex,
                role,
                sql: where ? `${byId} AND ${col} = $2` : byId,
                params: (p) => (where ? [p.rowId, p.tenant] : [p.rowId]),
                fullScan: false,
            });
        }
    }
    return out;
}

/** The plan's node types, depth first, e.g. "Aggregate > Bitmap Heap Scan > Bitmap Index Scan"; initPlans are marked. */
export function planShape(plan: unknown): string {
    const nodes: string[] = [];
    const walk = (n: { "Node Type": string; "Parent Relationship"?: string; Plans?: unknown[] }) => {
        nodes.push(n["Parent Relationship"] === "InitPlan" ? `InitPlan(${n["Node Type"]})` : n["Node Type"]);
        for (const child of (n.Plans ?? []) as (typeof n)[]) {
            walk(child);
        }
    };
    walk((plan as Array<{ Plan: { "Node Type": string } }>)[0].Plan);
    return nodes.join(" > ");
}

/** Checks a result during warm-up: RLS must return the tenant's rows and only them, or the timings mean nothing. */
function checkResult(v: RlsVariant, pick: Pick, rows: Array<Record<string, unknown>>): void {
    const ok = v.query === "tenant-aggregate" ? Number(rows[0]?.n) === pick.tenantRows : rows.length === 1 && rows[0][RLS_MODEL.tenant.column] === pick.tenant;
    if (!ok) {
        throw new Error(`RLS variant ${v.id} returned ${JSON.stringify(rows[0] ?? null)} for tenant ${pick.tenant}; expected ${v.query === "tenant-aggregate" ? `${pick.tenantRows} rows` : `row ${pick.rowId}`}`);
    }
}

/**
 * Part 2: p50/p95 of tenant-scoped queries on a table of `rlsRows` rows, with the product's policy, as non-owner roles.
 * The variants are taken in turn, `rounds` times, a batch of samples each; the cluster is appended to `started`.
 */
export async function runRls(options: BenchOptions, root: string, started: BenchCluster[], log: (line: string) => void): Promise<RlsResult> {
    log(`rls: starting a cluster with our profile and loading ${options.rlsRows.toLocaleString("en-US")} rows for ${options.rlsTenants} tenants`);
    const cluster = await startBenchCluster(root, "rls", {}, { acceptsPlaintext: false, started });
    const h = cluster.handle;
    const admin = new Client(clientConfig(h, h.bootstrapUser, bootstrapPassword(h)));
    await admin.connect();
    try {
        await admin.query(`CREATE DATABASE ${RLS_DATABASE}`);
    } finally {
        await admin.end();
    }
    const passwords = Object.fromEntries(Object.values(RLS_ROLES).map((r) => [r, generatePassword()]));
    const setup = new Client(clientConfig(h, h.bootstrapUser, bootstrapPassword(h), RLS_DATABASE));
    await setup.connect();
    try {
        for (const statement of rlsSetupSql(options.rlsRows, options.rlsTenants, passwords)) {
            await setup.query(statement);
        }
    } finally {
        await setup.end();
    }

    const clients = new Map<string, Client>();
    try {
        for (const role of Object.values(RLS_ROLES)) {
            const c = new Client(clientConfig(h, role, passwords[role], RLS_DATABASE));
            await c.connect();
            clients.set(role, c);
        }
        const all = variants();
        const perRound = (v: RlsVariant) => (v.fullScan ? options.rlsSamplesScan : options.rlsSamplesIndexed);
        const picks = tenantPicks(options.rlsSamplesIndexed * options.rounds + 100, options.rlsRows, options.rlsTenants);
        const sample = async (v: RlsVariant, pick: Pick): Promise<{ ms: number; rows: Array<Record<string, unknown>> }> => {
            throwIfInterrupted();
            const c = clients.get(v.role)!;
            // The context lives only in the transaction that set it (hpg.set_tenant): BEGIN and COMMIT are outside the timing.
            await c.query("BEGIN");
            try {
                await c.query(setTenantSql(), [pick.tenant]);
                const t0 = process.hrtime.bigint();
                const r = await c.query(v.sql, v.params(pick));
                return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rows: r.rows as Array<Record<string, unknown>> };
            } finally {
                await c.query("COMMIT");
            }
        };

        log(`rls: warm-up and result checks, ${all.length} variants`);
        const plans = new Map<string, string>();
        for (const v of all) {
            for (const pick of picks.slice(0, v.fullScan ? 2 : 10)) {
                checkResult(v, pick, (await sample(v, pick)).rows);
            }
            const c = clients.get(v.role)!;
            await c.query("BEGIN");
            await c.query(setTenantSql(), [picks[0].tenant]);
            plans.set(v.id, planShape((await c.query(`EXPLAIN (FORMAT JSON) ${v.sql}`, v.params(picks[0]))).rows[0]["QUERY PLAN"]));
            await c.query("COMMIT");
        }

        const timings = new Map<string, number[]>(all.map((v) => [v.id, []]));
        for (let round = 0; round < options.rounds; round++) {
            log(`rls: round ${round + 1}/${options.rounds}`);
            for (const v of roundOrder(all, round, options.rounds)) {
                const ms = timings.get(v.id)!;
                const offset = round * options.rlsSamplesIndexed;
                for (const pick of picks.slice(offset, offset + perRound(v))) {
                    ms.push((await sample(v, pick)).ms);
                }
            }
        }

        const results: RlsVariantResult[] = all.map((v) => {
            const ms = timings.get(v.id)!;
            return {
                id: v.id,
                query: v.query,
                access: v.access,
                tenantIndex: v.tenantIndex,
                samples: ms.length,
                p50Ms: percentile(ms, 50),
                p95Ms: percentile(ms, 95),
                p50RatioToExplicitWhere: NaN,
                plan: plans.get(v.id)!,
            };
        });
        for (const r of results) {
            const base = results.find((b) => b.query === r.query && b.tenantIndex === r.tenantIndex && b.access === "explicit-where")!;
            r.p50RatioToExplicitWhere = r.p50Ms / base.p50Ms;
        }
        return {
            rows: options.rlsRows,
            tenants: options.rlsTenants,
            tenantIdType: RLS_MODEL.tenant.type,
            policyPredicate: wrappedRuleSql(),
            unwrappedPredicate: unwrappedRuleSql(),
            policySource: "components/database-access rlsPolicyRuleSql (permissive policy + restrictive guard, RLS forced)",
            variants: results,
        };
    } finally {
        for (const c of clients.values()) {
            await c.end().catch(() => undefined);
        }
    }
}
