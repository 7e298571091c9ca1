/**
 * Runs every control module's rule tests (`controls/<id>/<plan file>.spec.ts`, one per plan file) in one jest module
 * registry: jest loads @pulumi/pulumi, about 3 s, once per test file, which for 33 separate files was most of the unit
 * suite's time on 2 cores. Each spec stays its own file with its own describe; run one with `-t <policy name>`.
 */
import * as fs from "fs";
import * as path from "path";

const dir = path.join(__dirname, "controls");
for (const folder of fs.readdirSync(dir).sort()) {
    for (const file of fs.readdirSync(path.join(dir, folder)).filter((f) => f.endsWith(".spec.ts")).sort()) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(path.join(dir, folder, file));
    }
}
