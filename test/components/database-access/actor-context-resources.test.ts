/** The acting person's context in the Pulumi rendering (the PostgresSql resource), under mocks: installed and removed with the model. */
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const registered = new PulumiRecorder().install().resources;
import { actorContextSql, dropActorContextSql } from "../../../components/database-access/actor-context-sql";
import { DatabaseAccess } from "../../../components/database-access/database-access";
import { resolveAccessModel } from "../../../components/database-access/model";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { helperSql } from "../../../components/database-access/tenant-isolation-sql";

const m = resolveAccessModel(SAMPLE_ACCESS_MODEL);
let apply: string[];
let remove: string[];

beforeAll(async () => {
    const access = new DatabaseAccess("app", {
        model: SAMPLE_ACCESS_MODEL,
        host: "db.example.internal",
        database: "app",
        masterSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1",
        dbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
        caBundlePath: "/etc/ssl/rds/global-bundle.pem",
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1",
    });
    await valueOf(access.accessSql.id);
    const sql = registered.find((r) => r.type === "pulumi-nodejs:dynamic/hardened-postgres:PostgresSql" && r.name === "app-sql")!;
    apply = sql.inputs.applySql;
    remove = sql.inputs.deleteSql;
});

/** Whether `list` holds `part` as one contiguous run. */
const containsRun = (list: string[], part: string[]) => list.some((_, i) => part.every((s, j) => list[i + j] === s));

test("applies the context right after the helpers it calls, as the SQL rendering does", () => {
    const helpers = helperSql(m);
    expect(containsRun(apply, [...helpers, ...actorContextSql(m)])).toBe(true);
});

test("removes it on delete, before the tenant helpers", () => {
    expect(containsRun(remove, dropActorContextSql(m))).toBe(true);
    expect(remove.indexOf(dropActorContextSql(m)[0])).toBeLessThan(remove.indexOf('DROP FUNCTION IF EXISTS "hpg"."set_tenant"(text)'));
});
