import * as path from "path";
import { JsonReport } from "../../policies/offline-check/report";
import { runCli } from "../support/cli-run";

const ROOT = path.resolve(__dirname, "../..");

describe("check on a hand-written Aurora PostgreSQL cluster", () => {
    it("passes a compliant cluster, its members, cluster parameter group and log group with no violation at all (exit 0)", async () => {
        const run = await runCli(["check", "--program", "test/fixtures/programs/compliant-aurora.ts", "--json"], { cwd: ROOT });
        expect([run.code, run.stderr]).toEqual([0, ""]);
        const report = JSON.parse(run.stdout) as JsonReport;
        // The key, log group, cluster parameter group, monitoring role, cluster and its two members, and the stack; and the
        // audit trail's 20: archive bucket and its 5 configurations, 2 roles, Firehose stream, subscription, topic, 4 metric filters and 5 alarms.
        expect([report.resources, report.violations]).toEqual([28, []]);
    });
});
