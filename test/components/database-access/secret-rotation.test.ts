/**
 * Issue 14 item 1 under the mock runtime: the master secret's value reaches no registered resource's inputs, and a
 * rotation (the program run again with another secret value) registers byte-identical inputs for every resource. Nor
 * is any password login role's password or SCRAM verifier in any input: LoginRolePassword makes them when it runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MOCK_CLOUD, mockCall } from "../../../policies/offline-check/mock-cloud";
import { DatabaseAccess } from "../../../components/database-access/database-access";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";

const BEFORE_ROTATION = "MasterPasswordBeforeRotation-7f3a";
const AFTER_ROTATION = "MasterPasswordAfterRotation-91c2";

interface Registered {
    key: string;
    inputs: string;
}

/** Runs the program under mocks whose managed master secret holds `password`; returns every registration's raw inputs. */
async function runProgram(password: string): Promise<Registered[]> {
    const registered: Registered[] = [];
    let calls = 0;
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ key: `${args.type}::${args.name}::${args.provider ?? ""}`, inputs: JSON.stringify(args.inputs) });
                return { id: `${args.name}-id`, state: { ...args.inputs } };
            },
            call: (args) => {
                calls += 1;
                return args.token === "aws:secretsmanager/getSecretVersion:getSecretVersion"
                    ? { secretString: JSON.stringify({ username: "hpg_master", password }) }
                    : mockCall(DEFAULT_MOCK_CLOUD, args);
            },
        },
        "hardened-postgres",
        "rotation",
    );
    const access = new DatabaseAccess("app", {
        model: SAMPLE_ACCESS_MODEL,
        host: "db.example.internal",
        database: "app",
        masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1",
        dbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
        caBundlePath: "/etc/ssl/rds/global-bundle.pem",
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
    });
    await new Promise<void>((resolve) => access.accessSql.id.apply(() => resolve()));
    // Let the last registrations arrive.
    for (let last = -1; last !== registered.length; ) {
        last = registered.length;
        await new Promise((r) => setTimeout(r, 20));
    }
    expect(calls).toBe(0);
    return registered.sort((a, b) => a.key.localeCompare(b.key));
}

let before: Registered[];
let after: Registered[];

beforeAll(async () => {
    before = await runProgram(BEFORE_ROTATION);
    after = await runProgram(AFTER_ROTATION);
});

test("no registered resource's inputs (providers and dynamic SQL resources included) hold the master password", () => {
    expect(before.length).toBeGreaterThan(30);
    // The sample's password login roles: their passwords are made at run time, so no verifier is in any input either.
    expect(before.filter((r) => r.key.includes("dynamic/hardened-postgres:LoginRolePassword::")).length).toBe(SAMPLE_ACCESS_MODEL.loginRoles.filter((l) => l.auth === "password").length);
    expect(before.filter((r) => /SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$/.test(r.inputs)).map((r) => r.key)).toEqual([]);
    expect(before.map((r) => r.key)).toEqual(expect.arrayContaining([expect.stringMatching(/^pulumi:providers:postgresql::app-postgresql::/), expect.stringMatching(/PostgresSql::app-admin-bootstrap::/)]));
    expect(before.filter((r) => r.inputs.includes(BEFORE_ROTATION)).map((r) => r.key)).toEqual([]);
    expect(after.filter((r) => r.inputs.includes(AFTER_ROTATION)).map((r) => r.key)).toEqual([]);
});

test("after a rotation of the master secret, every resource is registered with byte-identical inputs", () => {
    expect(after.map((r) => r.key)).toEqual(before.map((r) => r.key));
    const changed = before.filter((r, i) => after[i].inputs !== r.inputs).map((r) => r.key);
    expect(changed).toEqual([]);
});
