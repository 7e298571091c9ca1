import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig } from "../../../policies/offline-check/stack-files";

describe("loadStackConfig", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-stack-files-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads config as the engine passes it: strings, structured values as JSON", () => {
        const file = path.join(dir, "Pulumi.good.yaml");
        fs.writeFileSync(file, "config:\n  hardened-postgres:posture: hipaa\n  hardened-postgres:subnetIds:\n    - subnet-a\n    - subnet-b\n");
        expect(loadStackConfig(file)).toEqual({ "hardened-postgres:posture": "hipaa", "hardened-postgres:subnetIds": '["subnet-a","subnet-b"]' });
    });

    it("names the file, the line and the column of a YAML error", () => {
        const file = path.join(dir, "Pulumi.broken.yaml");
        fs.writeFileSync(file, "config:\n  hardened-postgres:posture: hipaa\n    hardened-postgres:multiAz: true\n");
        expect(() => loadStackConfig(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:\\d+: not valid YAML: `));
    });
});
