import * as pulumi from "@pulumi/pulumi";
import { CONTEXT_OPEN_PREFIX } from "../../../components/audit-trail/events";
import {
    actingPersonsQuery,
    auditDashboardBody,
    createAuditDashboard,
    notAlarmedMarkdown,
    PGAUDIT_LINE_PARSE,
    phiAccessQuery,
} from "../../../components/hardened-postgres/audit-dashboard";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const GROUP = "/aws/rds/instance/orders-db/postgresql";
const TABLES = ["app.patients", "app.encounters"];

/** The regex of a Logs Insights `parse @message /…/` command, as JavaScript reads the same syntax (named groups). */
function parseRegex(command: string): RegExp {
    const match = /^parse @message \/(.*)\/$/.exec(command);
    if (!match) {
        throw new Error(`not a parse command: ${command}`);
    }
    return new RegExp(match[1]);
}

// Lines as RDS for PostgreSQL writes them to CloudWatch: stderr with `%t:%r:%u@%d:[%p]:`, pgaudit 1.7 with log_rows.
const LINES = {
    ipv4: '2026-11-26 08:24:18 UTC:10.0.3.7(41184):app_rw@app:[27026]:LOG:  AUDIT: SESSION,4,1,READ,SELECT,TABLE,app.patients,"select * from app.patients where id = $1",<not logged>,1',
    ipv6: '2026-11-26 08:24:18 UTC:fd00::12:5(41190):app_rw@app:[27031]:LOG:  AUDIT: SESSION,7,1,WRITE,UPDATE,TABLE,app.encounters,"update app.encounters set note = \'a,b\'",<not logged>,2',
    local: "2026-11-26 08:24:18 UTC:[local]:hpg_admin@postgres:[27040]:LOG:  AUDIT: SESSION,2,1,ROLE,GRANT,,,grant select on app.patients to analyst,<not logged>,0",
    notAudit: "2026-11-26 08:24:18 UTC:10.0.3.7(41184):app_rw@app:[27026]:LOG:  connection authorized: user=app_rw database=app SSL enabled",
};

describe("the pgaudit parse of the dashboard's queries", () => {
    const regex = parseRegex(PGAUDIT_LINE_PARSE);

    it("reads role, command and table from an RDS stderr line with an IPv4 client", () => {
        expect(regex.exec(LINES.ipv4)?.groups).toMatchObject({ client: "10.0.3.7(41184)", dbRole: "app_rw", db: "app", pid: "27026", auditClass: "READ", command: "SELECT", objectType: "TABLE", objectName: "app.patients" });
    });

    it("reads them when the client is an IPv6 address, full of colons", () => {
        expect(regex.exec(LINES.ipv6)?.groups).toMatchObject({ client: "fd00::12:5(41190)", dbRole: "app_rw", pid: "27031", command: "UPDATE", objectName: "app.encounters" });
    });

    it("reads a statement on no object (a GRANT) with empty object fields, and a Unix-socket client", () => {
        expect(regex.exec(LINES.local)?.groups).toMatchObject({ client: "[local]", dbRole: "hpg_admin", auditClass: "ROLE", command: "GRANT", objectType: "", objectName: "" });
    });

    it("matches no line that is not a pgaudit record", () => {
        expect(regex.exec(LINES.notAudit)).toBeNull();
    });
});

describe("phiAccessQuery", () => {
    it("reads the postgresql group, keeps the classified tables' records and counts them by the given fields", () => {
        expect(phiAccessQuery(GROUP, TABLES, ["dbRole", "objectName", "command"])).toBe(
            [
                `SOURCE '${GROUP}'`,
                "filter @message like /AUDIT: (SESSION|OBJECT),/",
                PGAUDIT_LINE_PARSE,
                'filter objectName in ["app.patients", "app.encounters"]',
                "stats count(*) as statements by dbRole, objectName, command",
                "sort statements desc",
                "limit 100",
            ].join(" | "),
        );
    });

    it("shows every audited object when no table is classified, rather than none", () => {
        expect(phiAccessQuery(GROUP, [], ["command"])).not.toContain("filter objectName in");
    });

    it("escapes a quote in a table name, so a setting can't break out of the string", () => {
        expect(phiAccessQuery(GROUP, ['app.pa"tients'], ["command"])).toContain('filter objectName in ["app.pa\\"tients"]');
    });
});

describe("actingPersonsQuery", () => {
    it("counts the context records' persons and tenants", () => {
        const query = actingPersonsQuery(GROUP);
        expect(query).toContain(`filter @message like "${CONTEXT_OPEN_PREFIX.trim()}"`);
        const parse = query.split(" | ").find((c) => c.startsWith("parse "))!;
        const line = `2026-11-26 08:24:18 UTC:10.0.3.7(41184):app_rw@app:[27026]:LOG:  ${CONTEXT_OPEN_PREFIX}id=7d1c0c2e-4f51-4f7a-9d0a-3c7e1b2a9f10 actor=dr.alice@example.org tenant=2b0f6a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b`;
        expect(parseRegex(parse).exec(line)?.groups).toEqual({ person: "dr.alice@example.org", tenant: "2b0f6a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b" });
    });
});

describe("auditDashboardBody", () => {
    const body = JSON.parse(auditDashboardBody(GROUP, TABLES, "eu-west-1"));

    it("has Logs Insights table widgets of PHI access by role × table × operation, by each alone, and the acting persons", () => {
        expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).toEqual([
            "PHI access by role, table and operation",
            "PHI access by role",
            "PHI access by table",
            "PHI access by operation",
            "Persons the application acted for (context records)",
        ]);
        for (const widget of body.widgets) {
            expect(widget).toMatchObject({ type: "log", x: 0, width: 24, height: 6, properties: { region: "eu-west-1", view: "table" } });
            expect(widget.properties.query.startsWith(`SOURCE '${GROUP}' | `)).toBe(true);
        }
        expect(body.widgets[0].properties.query).toBe(phiAccessQuery(GROUP, TABLES, ["dbRole", "objectName", "command"]));
        expect(body.widgets.map((w: { y: number }) => w.y)).toEqual([0, 6, 12, 18, 24]);
    });
});

describe("the dashboard's list of detections CloudWatch can't alarm on", () => {
    const notAlarmed = [
        { detection: "bulk-read", reason: "rows per person per window need a join CloudWatch can't make" },
        { detection: "after-hours", reason: "a metric filter has no clock" },
    ];

    it("is a text widget below the queries, naming each detection, its reason and where it runs instead", () => {
        const body = JSON.parse(auditDashboardBody(GROUP, TABLES, "eu-west-1", notAlarmed, "orders-db"));
        expect(body.widgets).toHaveLength(6);
        expect(body.widgets[5]).toEqual({ type: "text", x: 0, y: 30, width: 24, height: 4, properties: { markdown: notAlarmedMarkdown(notAlarmed, "orders-db") } });
        expect(notAlarmedMarkdown(notAlarmed, "orders-db").split("\n")).toEqual([
            "## Detections CloudWatch can't alarm on",
            "They run over the archive, each as the Athena named query `orders-db-<detection>` (database `hpg_audit_orders_db`), and `hardened-postgres audit alerts --log <files>…` runs the same analyzer on exported logs.",
            "",
            "- **bulk-read**: rows per person per window need a join CloudWatch can't make",
            "- **after-hours**: a metric filter has no clock",
        ]);
    });

    it("is left out when CloudWatch alarms on every detection", () => {
        expect(JSON.parse(auditDashboardBody(GROUP, TABLES, "eu-west-1", [], "orders-db")).widgets).toHaveLength(5);
    });
});

describe("createAuditDashboard", () => {
    it("creates the dashboard in the stack's region, named after the instance, parented to the component", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "orders", {}, { transformations: [recorder.captureOptions] });
        const dashboard = createAuditDashboard("orders", "orders-db", GROUP, TABLES, parent);
        await valueOf(dashboard.id);
        await recorder.settle();
        const recorded = recorder.one("aws:cloudwatch/dashboard:Dashboard", "orders-audit-dashboard");
        expect(recorded.inputs).toEqual({ dashboardName: "orders-db-audit", dashboardBody: auditDashboardBody(GROUP, TABLES, "us-east-1") });
        expect((recorded.opts?.parent as unknown as { __name: string }).__name).toBe("orders");
    });
});
