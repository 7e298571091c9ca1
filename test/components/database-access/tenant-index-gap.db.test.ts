/**
 * `hpg.isolation_gaps` flags tenant tables whose tenant column leads no index (RLS then scans the whole table for every
 * tenant-scoped query): a performance gap, kept apart from control gaps, that leaves `verify`'s HPG-RLS-01 passing.
 */
import { Client } from "pg";
import { connectionUrl } from "../../../infra/local-twin/cluster";
import { verifyServer } from "../../../policies/live";
import { provisionSampleDatabase, ProvisionedDatabase, withTenant } from "../../support/pg-access";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";

const TENANT = "11111111-1111-4111-8111-111111111111";
const NO_TENANT_INDEX = "no index leading on tenant_id: every tenant-scoped query scans the table";

let cluster: ThrowawayCluster;
let db: ProvisionedDatabase;
let migrator: Client;
let audit: Client;

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    db = await provisionSampleDatabase(cluster);
    migrator = await db.connectAs("svc_migrate");
    audit = await db.connectAs("svc_audit");
}, 120_000);

afterAll(async () => {
    await cluster?.destroy();
});

const gaps = async () => (await audit.query("SELECT object, control, problem, kind FROM hpg.isolation_gaps ORDER BY 1, 4, 3")).rows;

test("the sample migration's tenant tables each have an index leading on tenant_id, so no gap", async () => {
    const { rows } = await db.admin.query(`
        SELECT c.relname AS "table", pg_catalog.pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE n.nspname = 'app' AND a.attname = 'tenant_id' AND i.indisvalid ORDER BY 1`);
    expect(rows).toEqual(
        ["appointments", "clinics", "patients"].map((t) => ({ table: t, definition: `CREATE INDEX ${t}_tenant_id_idx ON app.${t} USING btree (tenant_id)` })),
    );
    expect(await gaps()).toEqual([]);
});

describe("a tenant table created without a tenant index", () => {
    beforeAll(async () => {
        await migrator.query("CREATE TABLE app.orders (tenant_id uuid NOT NULL, id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, placed_at timestamptz NOT NULL DEFAULT now())");
    });
    afterAll(async () => {
        await migrator.query("DROP TABLE app.orders");
    });

    test("is a performance gap next to the control gaps while isolation is missing", async () => {
        expect(await gaps()).toEqual([
            { object: "app.orders", control: "HPG-RLS-01", problem: "no tenant isolation policy", kind: "control" },
            { object: "app.orders", control: "HPG-RLS-01", problem: "row-level security is not enabled", kind: "control" },
            { object: "app.orders", control: "HPG-RLS-01", problem: "row-level security is not forced", kind: "control" },
            { object: "app.orders", control: "HPG-RLS-01", problem: NO_TENANT_INDEX, kind: "performance" },
        ]);
    });

    test("once isolated, only the performance gap is left, and verify's HPG-RLS-01 passes", async () => {
        await migrator.query("SELECT hpg.enable_tenant_isolation('app.orders')");
        expect(await gaps()).toEqual([{ object: "app.orders", control: "HPG-RLS-01", problem: NO_TENANT_INDEX, kind: "performance" }]);
        const report = await verifyServer(connectionUrl(cluster.handle, "svc_audit", db.passwords.svc_audit, db.database));
        const rls = report.results.find((r) => r.control === "HPG-RLS-01")!;
        expect([rls.status, rls.findings]).toEqual(["pass", []]);
        expect(rls.evidence[0].rows.map((r) => r.table)).toContain("app.orders");
    });

    test.each([
        ["with tenant_id second", "(placed_at, tenant_id)"],
        ["that is partial", "(tenant_id) WHERE placed_at > '2026-01-01'"],
    ])("an index %s does not close it", async (_, columns) => {
        await migrator.query(`CREATE INDEX orders_probe_idx ON app.orders ${columns}`);
        try {
            expect(await gaps()).toEqual([{ object: "app.orders", control: "HPG-RLS-01", problem: NO_TENANT_INDEX, kind: "performance" }]);
        } finally {
            await migrator.query("DROP INDEX app.orders_probe_idx");
        }
    });

    test("an invalid index (a failed CREATE INDEX CONCURRENTLY) does not close it", async () => {
        await withTenant(migrator, TENANT, () => migrator.query("INSERT INTO app.orders (tenant_id) VALUES ($1), ($1)", [TENANT]));
        await expect(migrator.query("CREATE UNIQUE INDEX CONCURRENTLY orders_invalid_idx ON app.orders (tenant_id)")).rejects.toThrow(
            'could not create unique index "orders_invalid_idx"',
        );
        try {
            expect((await db.admin.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'app.orders_invalid_idx'::regclass")).rows).toEqual([{ indisvalid: false }]);
            expect(await gaps()).toEqual([{ object: "app.orders", control: "HPG-RLS-01", problem: NO_TENANT_INDEX, kind: "performance" }]);
        } finally {
            await migrator.query("DROP INDEX app.orders_invalid_idx");
            await withTenant(migrator, TENANT, () => migrator.query("DELETE FROM app.orders"));
        }
    });

    test("CREATE INDEX … (tenant_id) closes it; so does a composite index leading on tenant_id", async () => {
        await migrator.query("CREATE INDEX orders_tenant_id_idx ON app.orders (tenant_id)");
        expect(await gaps()).toEqual([]);
        await migrator.query("DROP INDEX app.orders_tenant_id_idx");
        expect(await gaps()).toEqual([{ object: "app.orders", control: "HPG-RLS-01", problem: NO_TENANT_INDEX, kind: "performance" }]);
        await migrator.query("CREATE INDEX orders_tenant_placed_idx ON app.orders (tenant_id, placed_at)");
        expect(await gaps()).toEqual([]);
    });
});

test("a table isolated on another column (enable_tenant_isolation's second argument) is judged on that column", async () => {
    await migrator.query("CREATE TABLE app.ledgers (org_id uuid NOT NULL, amount numeric NOT NULL)");
    try {
        await migrator.query("SELECT hpg.enable_tenant_isolation('app.ledgers', 'org_id')");
        expect(await gaps()).toEqual([
            { object: "app.ledgers", control: "HPG-RLS-01", problem: "no index leading on org_id: every tenant-scoped query scans the table", kind: "performance" },
        ]);
        await migrator.query("CREATE INDEX ledgers_org_id_idx ON app.ledgers (org_id)");
        expect(await gaps()).toEqual([]);
    } finally {
        await migrator.query("DROP TABLE app.ledgers");
    }
});
