import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { adoptionImportFile } from "../../../../components/hardened-postgres/retained-resources";
import { validateHardenedPostgresArgs } from "../../../../components/hardened-postgres/validate";
import { componentNameOf } from "../../../../infra/cli/commands/import-retained";
import { createStack } from "../../../../infra/program/program";
import { readStackConfig } from "../../../../infra/program/stack-config";
import { STACKS_DIR } from "../../../../infra/program/stack-files";
import { loadStackConfig } from "../../../../policies/offline-check/stack-files";
import { runCli } from "../../../support/cli-run";
import { PulumiRecorder, valueOf } from "../../../support/pulumi-mocks";

/** What the component would adopt for a stack file, computed the long way round. */
function expectedFor(stack: string, file: string) {
    pulumi.runtime.setAllConfig(loadStackConfig(file));
    const args = readStackConfig();
    const name = args.identifier ?? `hpg-${stack}`;
    return adoptionImportFile(name, validateHardenedPostgresArgs(name, args));
}

describe("hardened-postgres import-retained", () => {
    let dir: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-import-retained-"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("prints the import document of a shipped stack: its component and its retained log groups", async () => {
        const run = await runCli(["import-retained", "--stack", "dev"]);
        expect(run).toMatchObject({ code: 0, stderr: "" });
        expect(JSON.parse(run.stdout)).toEqual({
            resources: [
                { type: "hardened-postgres:aws:Database", name: "hpg-dev", component: true },
                { type: "aws:cloudwatch/logGroup:LogGroup", name: "hpg-dev-log-postgresql", id: "/aws/rds/instance/hpg-dev/postgresql", parent: "hpg-dev" },
                { type: "aws:cloudwatch/logGroup:LogGroup", name: "hpg-dev-log-upgrade", id: "/aws/rds/instance/hpg-dev/upgrade", parent: "hpg-dev" },
                { type: "aws:cloudwatch/logGroup:LogGroup", name: "hpg-dev-audit-delivery-errors", id: "/aws/kinesisfirehose/hpg-dev-audit", parent: "hpg-dev" },
            ],
        });
        expect(JSON.parse(run.stdout)).toEqual(expectedFor("dev", path.join(STACKS_DIR, "Pulumi.dev.yaml")));
    });

    it("writes the file with --out and prints the commands that adopt it", async () => {
        const config = path.join(dir, "Pulumi.orders.yaml");
        fs.writeFileSync(
            config,
            ["config:", "  hardened-postgres:identifier: orders-prod", "  hardened-postgres:vpcId: vpc-1", "  hardened-postgres:subnetIds: [subnet-a, subnet-b]", "  hardened-postgres:allowedSecurityGroupIds: [sg-1]", ""].join("\n"),
        );
        const out = path.join(dir, "import.json");
        const run = await runCli(["import-retained", "--stack", "orders", "--config", config, "--out", out]);
        expect(run.code).toBe(0);
        expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual(expectedFor("orders", config));
        expect(run.stdout.split("\n")).toEqual([
            `${out}: adopts 3 resource(s) of orders-prod kept by the last destroy, under component orders-prod:`,
            "  /aws/rds/instance/orders-prod/postgresql as orders-prod-log-postgresql (RDS exports to /aws/rds/instance/<identifier>/<type> and no other name)",
            "  /aws/rds/instance/orders-prod/upgrade as orders-prod-log-upgrade (RDS exports to /aws/rds/instance/<identifier>/<type> and no other name)",
            "  /aws/kinesisfirehose/orders-prod-audit as orders-prod-audit-delivery-errors (the key policy names it exactly, and one identifier's delivery errors stay in one group)",
            "Then, with the stack selected and the resources still in AWS:",
            `  pulumi import --stack orders --file ${out} --generate-code=false --yes`,
            "  pulumi up --stack orders",
        ]);
    });

    it("says there is nothing to adopt for a stack that retains nothing", async () => {
        const config = path.join(dir, "Pulumi.ci.yaml");
        fs.writeFileSync(
            config,
            [
                "config:",
                "  hardened-postgres:vpcId: vpc-1",
                "  hardened-postgres:subnetIds: [subnet-a, subnet-b]",
                "  hardened-postgres:allowedSecurityGroupIds: [sg-1]",
                "  hardened-postgres:optOuts:",
                "    deleteKeyAndLogsWithStack: CI database",
                "",
            ].join("\n"),
        );
        const out = path.join(dir, "ci-import.json");
        const run = await runCli(["import-retained", "--stack", "ci", "--config", config, "--out", out]);
        expect(run).toEqual({ code: 0, stdout: `${out}: nothing to adopt: stack ci retains nothing on destroy under a name it declares again (retainOnDelete is off)`, stderr: "" });
        expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual({ resources: [] });
    });

    it("refuses a missing --stack, a missing config file and an invalid config, with exit 2", async () => {
        expect(await runCli(["import-retained"])).toEqual({
            code: 2,
            stdout: "",
            stderr: "hardened-postgres import-retained: [--stack] is required: the stack to re-create, whose config names its identifier",
        });
        const missing = await runCli(["import-retained", "--stack", "nowhere", "--config", path.join(dir, "absent.yaml")]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/^hardened-postgres import-retained: \[--config\] ENOENT: no such file or directory, open '.*absent\.yaml'$/);
        const bad = path.join(dir, "Pulumi.bad.yaml");
        fs.writeFileSync(bad, ["config:", "  hardened-postgres:identifier: Orders_Prod", "  hardened-postgres:vpcId: vpc-1", "  hardened-postgres:subnetIds: [subnet-a, subnet-b]", "  hardened-postgres:allowedSecurityGroupIds: [sg-1]", ""].join("\n"));
        const invalid = await runCli(["import-retained", "--stack", "bad", "--config", bad]);
        expect(invalid.code).toBe(2);
        expect(invalid.stderr.split("\n")[0]).toBe(`hardened-postgres import-retained: ${bad}: invalid stack configuration:`);
        expect(invalid.stderr).toContain("[identifier] 'Orders_Prod' is not a valid RDS identifier");
        expect(await runCli(["import-retained", "--stack", "dev", "extra"])).toMatchObject({ code: 2, stderr: "hardened-postgres import-retained: unexpected argument 'extra'" });
    });

    it("names the component as the stack program does", async () => {
        const recorder = new PulumiRecorder().install("dev");
        pulumi.runtime.setAllConfig(loadStackConfig(path.join(STACKS_DIR, "Pulumi.dev.yaml")));
        await valueOf(createStack().endpoint);
        await recorder.settle();
        expect(recorder.ofType("hardened-postgres:aws:Database").map((r) => r.name)).toEqual([componentNameOf("dev", undefined)]);
        expect(componentNameOf("orders", "orders-prod")).toBe("orders-prod");
    });
});
