import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MOCK_CLOUD, mockCall, mockResource } from "../../policies/offline-check/mock-cloud";

/** Where a resource type keeps its AWS name: the input, the prefix input, whether the provider generates one, and what scopes its uniqueness. */
export interface PhysicalNaming {
    name: string;
    prefix?: string;
    /** The provider generates a unique name when neither `name` nor `prefix` is given. */
    generated?: boolean;
    /** Inputs whose values scope the name (a security group's VPC, a metric filter's log group). */
    scope?: string[];
}

/**
 * Every custom resource type HardenedPostgres registers, with how AWS names it; `null` for types without a name of their own (AWS
 * assigns an id, or the name needn't be unique). An unlisted type fails the run, so a new child is classified deliberately.
 */
export const PHYSICAL_NAMES: Readonly<Record<string, PhysicalNaming | null>> = {
    "aws:kms/key:Key": null,
    "aws:kms/alias:Alias": { name: "name" },
    "aws:rds/parameterGroup:ParameterGroup": { name: "name", prefix: "namePrefix", generated: true },
    "aws:rds/subnetGroup:SubnetGroup": { name: "name", prefix: "namePrefix", generated: true },
    "aws:ec2/securityGroup:SecurityGroup": { name: "name", prefix: "namePrefix", generated: true, scope: ["vpcId"] },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": null,
    "aws:cloudwatch/logGroup:LogGroup": { name: "name", prefix: "namePrefix", generated: true },
    "aws:iam/role:Role": { name: "name", prefix: "namePrefix", generated: true },
    "aws:iam/rolePolicy:RolePolicy": { name: "name", prefix: "namePrefix", generated: true, scope: ["role"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": null,
    "aws:rds/instance:Instance": { name: "identifier", prefix: "identifierPrefix", generated: true },
    "random:index/randomId:RandomId": null,
    "aws:s3/bucket:Bucket": { name: "bucket", prefix: "bucketPrefix", generated: true },
    "aws:s3/bucketVersioning:BucketVersioning": null,
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": null,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": null,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": null,
    "aws:s3/bucketPolicy:BucketPolicy": null,
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { name: "name" },
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": { name: "name", scope: ["logGroup"] },
    "aws:glue/catalogDatabase:CatalogDatabase": { name: "name" },
    "aws:glue/catalogTable:CatalogTable": { name: "name", scope: ["databaseName"] },
    // Athena named queries are found by id; two may share a name.
    "aws:athena/namedQuery:NamedQuery": null,
    "aws:sns/topic:Topic": { name: "name", prefix: "namePrefix", generated: true },
    "aws:sns/topicPolicy:TopicPolicy": null,
    "aws:sns/topicSubscription:TopicSubscription": null,
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": { name: "name", scope: ["logGroupName"] },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { name: "name" },
    "aws:cloudwatch/dashboard:Dashboard": { name: "dashboardName" },
};

/** The manual snapshot RDS takes when it deletes an instance with a final snapshot: it outlives the instance. */
export const DB_SNAPSHOT_TYPE = "aws:rds/snapshot:Snapshot";

/** Something with a name in the account: created by a run, or left by a destroy. */
export interface WorldObject {
    type: string;
    /** The Pulumi name of the resource that created it (the instance's, for its final snapshot). */
    resourceName: string;
    physicalName: string;
    /** The run that created it (1 = the first `pulumi up`). */
    run: number;
}

/** A create whose AWS name already exists: "already exists" in AWS, unless `pulumi import` adopted it into the stack first. */
export interface Collision extends WorldObject {
    adopted: boolean;
}

/** One registration of the current run: its inputs, the AWS name it was given, and its resource options. */
export interface Registration {
    type: string;
    name: string;
    inputs: Record<string, any>;
    physicalName?: string;
    opts?: pulumi.CustomResourceOptions;
}

/** A stable stand-in for the provider's unique suffix: different in every run, as the provider's timestamp is. */
function uniqueSuffix(run: number, ...parts: string[]): string {
    return createHash("sha256").update([String(run), ...parts].join("\0")).digest("hex").slice(0, 8);
}

/**
 * An AWS account as `pulumi up`, `pulumi destroy` and `pulumi import` leave it, under Pulumi's mock runtime: it remembers
 * every AWS name a run creates, drops what a destroy deletes and keeps what it retains (retainOnDelete, and the final
 * snapshot RDS takes), and reports each create whose name is already taken. Generated names differ per run, as the
 * provider's do.
 */
export class PulumiWorld {
    /** Names that exist in the account now, by `type|scope|name`. */
    readonly live = new Map<string, WorldObject>();
    /** Everything any run created, in order. */
    readonly history: WorldObject[] = [];
    /** The current run's registrations and collisions. */
    registrations: Registration[] = [];
    collisions: Collision[] = [];
    run = 0;
    private readonly optionsByName = new Map<string, pulumi.CustomResourceOptions>();
    /** `type::name` → the AWS id `pulumi import` adopted into the stack's state, and the parent it put it under. */
    private readonly adopted = new Map<string, { id: string; parent?: string }>();

    install(stack = "world"): this {
        pulumi.runtime.setMocks(
            {
                newResource: (args) => this.create(args),
                call: (args) => mockCall(DEFAULT_MOCK_CLOUD, args),
            },
            "hardened-postgres",
            stack,
            false,
        );
        return this;
    }

    /** A transformation that records each resource's options; pass it in the root resource's `transformations`. */
    readonly captureOptions: pulumi.ResourceTransformation = (args) => {
        this.optionsByName.set(`${args.type}::${args.name}`, args.opts as pulumi.CustomResourceOptions);
        return undefined;
    };

    /** Starts a `pulumi up` (or the create half of a replacement): a fresh run, with what the account already holds. */
    beginRun(): void {
        this.run += 1;
        this.registrations = [];
        this.collisions = [];
    }

    /**
     * `pulumi destroy` of the current run's resources: each is deleted unless retained on delete; an RDS instance that
     * doesn't skip its final snapshot leaves one (and a name already taken by an older snapshot fails the delete, as RDS does).
     */
    destroy(): void {
        for (const r of this.registrations) {
            const naming = PHYSICAL_NAMES[r.type];
            if (naming === null || r.physicalName === undefined || r.opts?.retainOnDelete === true) {
                continue;
            }
            this.live.delete(this.key(r.type, naming, r.inputs, r.physicalName));
            if (r.type === "aws:rds/instance:Instance" && r.inputs.skipFinalSnapshot !== true) {
                const snapshot = String(r.inputs.finalSnapshotIdentifier);
                const key = `${DB_SNAPSHOT_TYPE}||${snapshot}`;
                if (this.live.has(key)) {
                    throw new Error(`DBSnapshotAlreadyExists: cannot delete ${r.physicalName}: its final snapshot ${snapshot} already exists`);
                }
                const object = { type: DB_SNAPSHOT_TYPE, resourceName: r.name, physicalName: snapshot, run: this.run };
                this.live.set(key, object);
                this.history.push(object);
            }
        }
        this.adopted.clear();
    }

    /**
     * `pulumi import --file`: each entry with an id must exist in the account under its type (else the import fails, as
     * Pulumi's does), and is in the stack's state from then on, so the next run's create of it is an update instead.
     */
    import(file: { resources: { type: string; name: string; id?: string; parent?: string; component?: boolean }[] }): void {
        const names = new Set(file.resources.map((r) => r.name));
        for (const entry of file.resources) {
            if (entry.parent !== undefined && !names.has(entry.parent)) {
                throw new Error(`import: ${entry.name}'s parent ${entry.parent} is neither in the file nor in the stack`);
            }
            if (entry.component === true) {
                continue;
            }
            const found = [...this.live.values()].find((o) => o.type === entry.type && o.physicalName === entry.id);
            if (found === undefined) {
                throw new Error(`import: ${entry.type} ${entry.id} does not exist`);
            }
            this.adopted.set(`${entry.type}::${entry.name}`, { id: String(entry.id), parent: entry.parent });
        }
    }

    /** Resolves once registrations have stopped arriving (the mock monitor answers asynchronously). */
    async settle(): Promise<void> {
        let last = -1;
        for (let stable = 0; stable < 5; ) {
            await new Promise((r) => setTimeout(r, 5));
            stable = this.registrations.length === last ? stable + 1 : 0;
            last = this.registrations.length;
        }
    }

    private key(type: string, naming: PhysicalNaming, inputs: Record<string, any>, physicalName: string): string {
        return `${type}|${(naming.scope ?? []).map((s) => String(inputs[s])).join(",")}|${physicalName}`;
    }

    private create(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        if (args.custom === false) {
            // A component: nothing in AWS.
            return { id: undefined, state: {} };
        }
        if (!(args.type in PHYSICAL_NAMES)) {
            throw new Error(`the world doesn't know how AWS names ${args.type}: classify it in PHYSICAL_NAMES`);
        }
        const inputs: Record<string, any> = args.inputs ?? {};
        const naming = PHYSICAL_NAMES[args.type];
        const { id, state } = mockResource(DEFAULT_MOCK_CLOUD, args);
        const registration: Registration = { type: args.type, name: args.name, inputs, opts: this.optionsByName.get(`${args.type}::${args.name}`) };
        this.registrations.push(registration);
        if (args.type === "random:index/randomId:RandomId") {
            // A new random value in every run, as the provider draws one for every create.
            const hex = createHash("sha256").update(`rid\0${this.run}\0${args.name}`).digest("hex").slice(0, 2 * Number(inputs.byteLength ?? 8));
            return { id, state: { ...state, hex } };
        }
        if (naming === null) {
            return { id, state };
        }
        const given = inputs[naming.name];
        const prefix = naming.prefix === undefined ? undefined : inputs[naming.prefix];
        const physicalName: string =
            given !== undefined
                ? String(given)
                : prefix !== undefined
                  ? `${prefix}${uniqueSuffix(this.run, args.type, args.name)}`
                  : naming.generated
                    ? `${args.name}-${uniqueSuffix(this.run, args.type, args.name)}`
                    : (() => {
                          throw new Error(`${args.type} ${args.name} has no ${naming.name}, and AWS requires one`);
                      })();
        registration.physicalName = physicalName;
        const key = this.key(args.type, naming, inputs, physicalName);
        const existing = this.live.get(key);
        if (existing !== undefined) {
            // Adopted means the stack's state holds this very resource: same name, same AWS id, same parent (so the same URN).
            const adoption = this.adopted.get(`${args.type}::${args.name}`);
            const parent = (registration.opts?.parent as unknown as { __name?: string } | undefined)?.__name;
            this.collisions.push({ ...existing, adopted: adoption !== undefined && adoption.id === physicalName && adoption.parent === parent });
        }
        const object = { type: args.type, resourceName: args.name, physicalName, run: this.run };
        this.live.set(key, object);
        this.history.push(object);
        const physicalState = { ...state, [naming.name]: physicalName };
        // A log group's, an instance's and an alias's id is its name; the others keep the mock's id.
        const physicalId = ["aws:cloudwatch/logGroup:LogGroup", "aws:rds/instance:Instance", "aws:kms/alias:Alias", "aws:s3/bucket:Bucket"].includes(args.type) ? physicalName : id;
        return { id: physicalId, state: physicalState };
    }
}
