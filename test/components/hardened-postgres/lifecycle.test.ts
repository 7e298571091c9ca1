import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HardenedPostgres, HardenedPostgresArgs } from "../../../components/hardened-postgres";
import { isValidSnapshotIdentifier } from "../../../components/hardened-postgres/final-snapshot";
import { createNetwork, NetworkSettings } from "../../../components/hardened-postgres/network";
import { adoptionImportFile } from "../../../components/hardened-postgres/retained-resources";
import { DB_SNAPSHOT_TYPE, PHYSICAL_NAMES, PulumiWorld, WorldObject } from "../../support/pulumi-world";
import { valueOf } from "../../support/pulumi-mocks";

// docs/lifecycle.md: up, destroy, up again with the same identifier; and replacements. Each describe has its own account.
let world: PulumiWorld;

const NETWORK: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };

/** One `pulumi up` of a stack holding one HardenedPostgres named `orders` (so identifier `orders`). */
async function up(args: Partial<HardenedPostgresArgs> = {}): Promise<HardenedPostgres> {
    world.beginRun();
    const db = new HardenedPostgres("orders", { ...NETWORK, ...args }, { transformations: [world.captureOptions] });
    await valueOf(db.endpoint);
    await world.settle();
    return db;
}

const names = (objects: readonly WorldObject[]) => objects.map((o) => `${o.type} ${o.physicalName}`).sort();
const snapshots = () => world.history.filter((o) => o.type === DB_SNAPSHOT_TYPE).map((o) => o.physicalName);
const instanceInputs = () => world.registrations.find((r) => r.type === "aws:rds/instance:Instance")!.inputs;

describe("destroy and re-create with the same identifier", () => {
    let first: HardenedPostgres;
    let retainedAfterDestroy: string[];
    let importFile: ReturnType<typeof adoptionImportFile>;

    beforeAll(async () => {
        world = new PulumiWorld().install("recreate");
        first = await up();
        world.destroy();
        retainedAfterDestroy = names([...world.live.values()]);
        importFile = adoptionImportFile("orders", first.settings);
        world.import(importFile);
        await up();
        world.destroy();
    });

    it("classifies every resource the component registers by how AWS names it", () => {
        expect(world.registrations.filter((r) => !(r.type in PHYSICAL_NAMES))).toEqual([]);
    });

    it("leaves exactly the retained names after destroy: the log groups, the archive bucket and the final snapshot (the retained key has none)", () => {
        expect(retainedAfterDestroy).toEqual(
            [
                "aws:cloudwatch/logGroup:LogGroup /aws/kinesisfirehose/orders-audit",
                "aws:cloudwatch/logGroup:LogGroup /aws/rds/instance/orders/postgresql",
                "aws:cloudwatch/logGroup:LogGroup /aws/rds/instance/orders/upgrade",
                expect.stringMatching(/^aws:rds\/snapshot:Snapshot orders-final-[0-9a-f]{8}$/),
                expect.stringMatching(/^aws:s3\/bucket:Bucket hpg-audit-orders-[0-9a-f]{8}$/),
            ].sort((a, b) => String(a).localeCompare(String(b))),
        );
    });

    it("prints an import file that adopts exactly those retained log groups under the component", () => {
        expect(importFile).toEqual({
            resources: [
                { type: "hardened-postgres:aws:Database", name: "orders", component: true },
                { type: "aws:cloudwatch/logGroup:LogGroup", name: "orders-log-postgresql", id: "/aws/rds/instance/orders/postgresql", parent: "orders" },
                { type: "aws:cloudwatch/logGroup:LogGroup", name: "orders-log-upgrade", id: "/aws/rds/instance/orders/upgrade", parent: "orders" },
                { type: "aws:cloudwatch/logGroup:LogGroup", name: "orders-audit-delivery-errors", id: "/aws/kinesisfirehose/orders-audit", parent: "orders" },
            ],
        });
    });

    it("registers no AWS name the first incarnation left behind, except the ones the import adopted", () => {
        expect(world.collisions.filter((c) => !c.adopted)).toEqual([]);
        // Without the import these three would fail with "already exists": every adopted entry is a real collision.
        const byName = (a: { physicalName?: string }, b: { physicalName?: string }) => String(a.physicalName).localeCompare(String(b.physicalName));
        expect(world.collisions.map((c) => ({ type: c.type, physicalName: c.physicalName, adopted: c.adopted })).sort(byName)).toEqual(
            importFile.resources
                .filter((r) => r.id !== undefined)
                .map((r) => ({ type: r.type, physicalName: r.id, adopted: true }))
                .sort(byName),
        );
    });

    it("gives each incarnation's final snapshot its own valid name, so the second delete doesn't meet the first snapshot", () => {
        const [one, two] = snapshots();
        expect(snapshots()).toHaveLength(2);
        expect(one).toMatch(/^orders-final-[0-9a-f]{8}$/);
        expect(two).toMatch(/^orders-final-[0-9a-f]{8}$/);
        expect(one).not.toBe(two);
        expect([one, two].every(isValidSnapshotIdentifier)).toBe(true);
        expect(instanceInputs()).toMatchObject({ skipFinalSnapshot: false, finalSnapshotIdentifier: two });
    });

    it("creates a new archive bucket in the second incarnation: the first one's policy forbids re-declaring its Object Lock", () => {
        const buckets = world.history.filter((o) => o.type === "aws:s3/bucket:Bucket").map((o) => o.physicalName);
        expect(buckets).toHaveLength(2);
        expect(buckets[0]).not.toBe(buckets[1]);
    });
});

describe("a stack that retains nothing (retainOnDelete: false)", () => {
    it("has nothing to adopt, and its re-creation meets no name", async () => {
        world = new PulumiWorld().install("throwaway");
        const throwaway = { deletionProtection: false, optOuts: { deletionProtection: "CI database", deleteKeyAndLogsWithStack: "CI database" } };
        const db = await up(throwaway);
        world.destroy();
        // Only the final snapshot is left: RDS keeps it whatever Pulumi retains.
        expect(names([...world.live.values()])).toEqual([expect.stringMatching(/^aws:rds\/snapshot:Snapshot orders-final-[0-9a-f]{8}$/)]);
        expect(adoptionImportFile("orders", db.settings)).toEqual({ resources: [] });
        await up(throwaway);
        expect(world.collisions).toEqual([]);
        world.destroy();
        expect(snapshots()).toHaveLength(2);
    });
});

describe("replacing the security group", () => {
    it("creates the replacement under a new generated name while the old group still exists (create before delete)", async () => {
        world = new PulumiWorld().install("replace");
        const parent = new pulumi.ComponentResource("test:index:Parent", "replace", {}, { transformations: [world.captureOptions] });
        const settings: NetworkSettings = { identifier: "orders", vpcId: "vpc-1", subnetIds: ["subnet-a"], allowedSecurityGroupIds: [], allowedCidrBlocks: [], tags: {}, dataClassification: "confidential", posture: "soc2", optOuts: {} };
        world.beginRun();
        await valueOf(createNetwork("replace", settings, parent).securityGroup.id);
        await world.settle();
        const old = world.registrations.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup")!;
        // The replacement's create, with the old group still live (the subnet group is not replaced: only its name would).
        world.beginRun();
        await valueOf(createNetwork("replace", settings, parent).securityGroup.id);
        await world.settle();
        const replacement = world.registrations.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup")!;
        expect(old.inputs).toMatchObject({ namePrefix: "orders-db-", vpcId: "vpc-1" });
        expect(old.inputs).not.toHaveProperty("name");
        expect(replacement.inputs).toMatchObject({ namePrefix: "orders-db-", vpcId: "vpc-1" });
        expect(old.physicalName).toMatch(/^orders-db-[0-9a-f]{8}$/);
        expect(replacement.physicalName).toMatch(/^orders-db-[0-9a-f]{8}$/);
        expect(replacement.physicalName).not.toBe(old.physicalName);
        expect(world.collisions.filter((c) => c.type === "aws:ec2/securityGroup:SecurityGroup")).toEqual([]);
    });
});

describe("what the world catches (the names before issue 14)", () => {
    it("a fixed security group name collides with the group it replaces", async () => {
        world = new PulumiWorld().install("fixed-sg");
        for (let run = 0; run < 2; run++) {
            world.beginRun();
            await valueOf(new aws.ec2.SecurityGroup("fixed-sg", { name: "orders-db", description: "PostgreSQL orders", vpcId: "vpc-1" }).id);
            await world.settle();
        }
        expect(world.collisions.map((c) => ({ type: c.type, physicalName: c.physicalName, adopted: c.adopted }))).toEqual([
            { type: "aws:ec2/securityGroup:SecurityGroup", physicalName: "orders-db", adopted: false },
        ]);
    });

    it("a fixed final snapshot name fails the second delete of a re-created instance", async () => {
        world = new PulumiWorld().install("fixed-snapshot");
        const instance = () => new aws.rds.Instance("fixed-final", { identifier: "orders", instanceClass: "db.t4g.micro", engine: "postgres", skipFinalSnapshot: false, finalSnapshotIdentifier: "orders-final" });
        world.beginRun();
        await valueOf(instance().id);
        await world.settle();
        world.destroy();
        world.beginRun();
        await valueOf(instance().id);
        await world.settle();
        expect(() => world.destroy()).toThrow("DBSnapshotAlreadyExists: cannot delete orders: its final snapshot orders-final already exists");
    });

    it("an import of a name the account doesn't hold fails, as pulumi import does", () => {
        world = new PulumiWorld().install("nothing-left");
        expect(() => world.import({ resources: [{ type: "aws:cloudwatch/logGroup:LogGroup", name: "orders-log-postgresql", id: "/aws/rds/instance/orders/postgresql" }] })).toThrow(
            "import: aws:cloudwatch/logGroup:LogGroup /aws/rds/instance/orders/postgresql does not exist",
        );
    });
});
