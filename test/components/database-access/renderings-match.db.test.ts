/**
 * Both renderings of the access model declare the same privileges, normalised to role × object × privilege:
 * the SQL rendering as a real PostgreSQL records it after applying it, and the Pulumi rendering as registered.
 */
import { Client } from "pg";
import { AUDIT_ROLE } from "../../../components/database-access/model";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { provisionSampleDatabase, ProvisionedDatabase } from "../../support/pg-access";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";
import { PulumiRecorder, RecordedResource, valueOf } from "../../support/pulumi-mocks";

const registered = new PulumiRecorder().install().resources;
// Imported after the mocks are set, as a Pulumi program would be run.
import { DatabaseAccess } from "../../../components/database-access/database-access";

let cluster: ThrowawayCluster;
let db: ProvisionedDatabase;

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    db = await provisionSampleDatabase(cluster);
    const access = new DatabaseAccess("app", {
        model: SAMPLE_ACCESS_MODEL,
        host: "db.example.internal",
        database: db.database,
        masterSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1",
        dbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
        caBundlePath: "/etc/ssl/rds/global-bundle.pem",
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1",
    });
    await valueOf(access.accessSql.id);
}, 120_000);

afterAll(async () => {
    await cluster?.destroy();
});

/** role × object × privilege from the catalogs, for the objects the model governs. */
async function normaliseDatabase(client: Client): Promise<string[]> {
    const modelRoles = [...SAMPLE_ACCESS_MODEL.loginRoles.map((l) => l.name), "hpg_owner", "hpg_app_rw", "hpg_analytics_ro", "hpg_auditor", AUDIT_ROLE];
    const declared = SAMPLE_ACCESS_MODEL.tables.map((t) => t.name);
    const { rows } = await client.query(
        `SELECT format('%s table %s.%s %s', a.grantee::regrole, n.nspname, c.relname, a.privilege_type) AS t
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
         WHERE n.nspname = 'app' AND c.relkind = 'r' AND c.relname = ANY ($2) AND a.grantee <> c.relowner
         UNION ALL
         SELECT format('%s schema %s %s', a.grantee::regrole, n.nspname, a.privilege_type)
         FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname IN ('app', 'hpg') AND a.grantee <> n.nspowner
         UNION ALL
         SELECT format('%s default %s in %s by %s %s', a.grantee::regrole, CASE d.defaclobjtype WHEN 'r' THEN 'table' WHEN 'S' THEN 'sequence' ELSE d.defaclobjtype::text END,
                       n.nspname, d.defaclrole::regrole, a.privilege_type)
         FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
         UNION ALL
         SELECT format('%s member-of %s', m.member::regrole, m.roleid::regrole) FROM pg_auth_members m WHERE m.member::regrole::text = ANY ($1)
         ORDER BY 1`,
        [modelRoles, declared],
    );
    return rows.map((r) => r.t);
}

/** role × object × privilege from the resources the component registered. */
function normalisePulumi(resources: RecordedResource[]): string[] {
    const out: string[] = [];
    for (const { type, inputs: i } of resources) {
        if (type === "postgresql:index/grant:Grant" && i.objectType === "table") {
            for (const table of i.objects) {
                out.push(...i.privileges.map((p: string) => `${i.role} table ${i.schema}.${table} ${p}`));
            }
        } else if (type === "postgresql:index/grant:Grant" && i.objectType === "schema") {
            out.push(...i.privileges.map((p: string) => `${i.role} schema ${i.schema} ${p}`));
        } else if (type === "postgresql:index/grant:Grant") {
            throw new Error(`normaliser does not know Grant objectType ${i.objectType}`);
        } else if (type === "postgresql:index/defaultPrivileges:DefaultPrivileges") {
            out.push(...i.privileges.map((p: string) => `${i.role} default ${i.objectType} in ${i.schema} by ${i.owner} ${p}`));
        } else if (type === "postgresql:index/grantRole:GrantRole") {
            out.push(`${i.role} member-of ${i.grantRole}`);
        } else if (type === "pulumi-nodejs:dynamic/hardened-postgres:PostgresSql") {
            // The admin bootstrap grants no model role anything (its grants go to the admin role).
            for (const g of i.auditGrants ?? []) {
                out.push(...g.privileges.map((p: string) => `${AUDIT_ROLE} table ${g.schema}.${g.table} ${p}`));
            }
        }
    }
    return out.sort();
}

test("the SQL rendering (applied to PostgreSQL 15) and the Pulumi rendering declare the same privileges", async () => {
    const sql = await normaliseDatabase(db.admin);
    const pulumiSide = normalisePulumi(registered);
    expect(pulumiSide).toEqual(sql);
    // The comparison covers every kind of privilege, not an empty set.
    expect(sql).toEqual(
        expect.arrayContaining([
            "hpg_app_rw table app.appointments DELETE",
            "hpg_analytics_ro table app.clinics SELECT",
            "rds_pgaudit table app.patients SELECT",
            "hpg_app_rw schema app USAGE",
            "hpg_auditor schema hpg USAGE",
            "hpg_app_rw default table in app by hpg_owner INSERT",
            "hpg_app_rw default sequence in app by hpg_owner USAGE",
            "svc_api member-of hpg_app_rw",
            "hpg_auditor member-of pg_read_all_stats",
        ]),
    );
    expect(sql).not.toContain("hpg_app_rw table app.patients DELETE");
    expect(sql.filter((t) => t.startsWith("hpg_analytics_ro table app.patients"))).toEqual([]);
});
