// `npm run generate`: writes every file generated from the control modules; `--check` only reports stale ones (exit 1).
import * as fs from "fs";
import * as path from "path";
import { GeneratedFile, ROOT, generatedRegistries } from "./generate-registries";

/** Writes `files`, or with `check` lists the stale ones; returns the paths that differ from what is on disk. */
export function syncGeneratedFiles(files: GeneratedFile[], check: boolean): string[] {
    const stale = files.filter((f) => {
        const file = path.join(ROOT, f.path);
        return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== f.content;
    });
    if (!check) {
        for (const f of stale) {
            fs.writeFileSync(path.join(ROOT, f.path), f.content);
        }
    }
    return stale.map((f) => f.path);
}

function main(): number {
    const check = process.argv.includes("--check");
    // The registries first, from the folders alone: everything else imports the catalog they define, so a module
    // added or removed since the last run must be in them before anything else is loaded.
    const registries = syncGeneratedFiles(generatedRegistries(), check);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generatedArgumentFiles } = require("./generate-arguments") as typeof import("./generate-arguments");
    const argumentFiles = syncGeneratedFiles(generatedArgumentFiles(), check);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generatedDocuments } = require("./generate-documents") as typeof import("./generate-documents");
    const documents = syncGeneratedFiles(generatedDocuments(), check);
    const changed = [...registries, ...argumentFiles, ...documents];
    for (const p of changed) {
        console.log(`${check ? "stale" : "wrote"}: ${p}`);
    }
    if (changed.length === 0) {
        console.log("generated files are up to date");
    }
    return check && changed.length > 0 ? 1 : 0;
}

if (require.main === module) {
    process.exitCode = main();
}
