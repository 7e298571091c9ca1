import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { Browser, chromium, Page } from "playwright-core";
import { buildAuditReport } from "../../../policies/audit/report";
import { renderAuditReportHtml } from "../../../policies/audit/report-html";
import { HOSTILE_PERSON, HOSTILE_ROLE, HOSTILE_SUMMARY, HOSTILE_TABLE, sampleInput, TENANT_A, UNREADABLE } from "./report-fixture";

/** Debian's Chromium (scripts/setup.sh installs it); the test never downloads a browser. */
const CHROMIUM = "/usr/bin/chromium";

describe("the audit report's HTML page in headless Chromium", () => {
    let browser: Browser;
    let page: Page;
    let dir: string;
    let fileUrl: string;
    const requests: string[] = [];
    const failures: string[] = [];

    beforeAll(async () => {
        if (!fs.existsSync(CHROMIUM)) {
            throw new Error(`${CHROMIUM} is missing: run 'npm run setup' (it installs Debian's chromium) and run this test again`);
        }
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-report-html-"));
        const file = path.join(dir, "report.html");
        fs.writeFileSync(file, renderAuditReportHtml(buildAuditReport(sampleInput())));
        fileUrl = pathToFileURL(file).href;
        page = await browser.newPage();
        page.on("request", (r) => requests.push(r.url()));
        page.on("pageerror", (e) => failures.push(e.message));
        await page.goto(fileUrl, { waitUntil: "load" });
    });

    afterAll(async () => {
        await browser?.close();
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    /** The text a person reads in each body row of a table. */
    async function tableText(id: string): Promise<string[][]> {
        const rows = await page.locator(`#${id} tbody tr`).all();
        return Promise.all(rows.map((tr) => tr.locator("td").allInnerTexts()));
    }

    it("shows PHI access as person × table × operation with counts, hostile names as plain text", async () => {
        expect(await page.locator("#phi-access thead th").allInnerTexts()).toEqual(["Person", "Table", "Operation", "Statements", "Rows", "Roles", "Tenants", "First", "Last"]);
        expect(await tableText("phi-access")).toEqual([
            ["alice@clinic.example", "public.patients", "SELECT", "2", "5", "hpg_app", TENANT_A, "2026-11-26T09:00:00.000Z", "2026-11-26T09:05:00.000Z"],
            ["alice@clinic.example", "public.patients", "UPDATE", "1", "1", "hpg_app", TENANT_A, "2026-11-26T09:06:00.000Z", "2026-11-26T09:06:00.000Z"],
            [HOSTILE_PERSON, HOSTILE_TABLE, "SELECT", "1", "7", "hpg_app", TENANT_A, "2026-11-26T10:00:00.000Z", "2026-11-26T10:00:00.000Z"],
        ]);
        expect(await tableText("other-access")).toEqual([["bob", "public.appointments", "INSERT", "1", "0 (+1 statements without a count)", "hpg_app", "00000000-0000-4000-8000-00000000000a", "2026-11-26T10:01:00.000Z", "2026-11-26T10:01:00.000Z"]]);
        expect(await tableText("unattributed-access")).toEqual([[HOSTILE_ROLE, "public.patients", "SELECT", "1", "500", "127.0.0.2", "2026-11-26T11:00:00.000Z", "2026-11-26T11:00:00.000Z"]]);
    });

    it("shows the totals and each alert with its facts and proof", async () => {
        expect(await tableText("totals")).toContainEqual(["Unattributed on classified tables", "1"]);
        expect(await tableText("alert-counts")).toEqual([
            ["bulk-read", "high", "2"],
            ["outside-network", "high", "1"],
        ]);
        const alerts = await Promise.all(
            (await page.locator("section.alert").all()).map(async (s) => {
                const [terms, values] = [await s.locator("dt").allInnerTexts(), await s.locator("dd").allInnerTexts()];
                return { heading: await s.locator("h3").innerText(), facts: terms.map((t, i) => `${t}: ${values[i]}`), proof: await s.locator("pre").innerText() };
            }),
        );
        expect(alerts.map((a) => a.heading)).toEqual([`bulk-read: ${HOSTILE_SUMMARY}`, "bulk-read: 500 rows in one statement", "outside-network: connection from 127.0.0.2 outside 127.0.0.1/32"]);
        expect(alerts[0].facts).toEqual([
            "Time: 2026-11-26T10:00:00.000Z",
            "Severity: high",
            `Person: ${HOSTILE_PERSON}`,
            `Tenant: ${TENANT_A}`,
            "Role: hpg_app",
            `Table: ${HOSTILE_TABLE}`,
            "Operation: SELECT",
            "Source address: 127.0.0.1",
        ]);
        expect(await page.locator("#unreadable li").allInnerTexts()).toEqual([UNREADABLE]);
        expect(alerts[0].proof).toContain(`"select '</pre><script>window.__pwned=3</script>'",<not logged>,7`);
    });

    it("runs no script, builds no element from a value, and fetches nothing but itself", async () => {
        expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
        expect(await page.locator("script, img, iframe, object, embed, link, [onerror], [onmouseover]").count()).toBe(0);
        expect(failures).toEqual([]);
        expect(requests).toEqual([fileUrl]);
    });
});
