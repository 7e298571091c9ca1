import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SUPPORTED_ENGINE_MAJORS } from "../../../components/catalog";
import { parameterGroupSettings } from "../../../components/hardened-postgres/parameter-group-settings";
import { runCli } from "../../support/cli-run";

const ROOT = path.resolve(__dirname, "../../..");

describe("HardenedPostgres on each supported engine major", () => {
    it("declares rds.force_ssl=1 on postgres14, whose RDS default is 0, and leaves it at the default from postgres15", () => {
        expect(parameterGroupSettings("postgres14").settings.parameters).toContainEqual({ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" });
        expect(parameterGroupSettings("postgres15").settings.parameters.map((p) => p.name)).not.toContain("rds.force_ssl");
    });

    // The whole pack over what the component builds, as `check` runs it: a supported major never trips a control.
    it.each(SUPPORTED_ENGINE_MAJORS)("engineVersion '%s' builds a stack the policy pack passes", async (major) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hpg-component-${major}-`));
        try {
            const component = JSON.stringify(path.join(ROOT, "components/hardened-postgres"));
            fs.writeFileSync(
                path.join(dir, "index.ts"),
                `import { HardenedPostgres } from ${component};\n` +
                    `new HardenedPostgres("orders", { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"], engineVersion: "${major}" });\n`,
            );
            const run = await runCli(["check", "--program", dir, "--json"]);
            const report = JSON.parse(run.stdout);
            expect([run.code, run.stderr, report.violations]).toEqual([0, "", []]);
            expect(report.resources).toBeGreaterThan(10);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 120_000);
});
