import * as fs from "fs";
import * as path from "path";

/** The package name at the repository root (policies/ has its own package.json, which must be skipped). */
const ROOT_PACKAGE = "hardened-postgres";

/** The repository (or installed package) root: the nearest ancestor whose package.json is `hardened-postgres`. Works from sources and from bin/. */
export function projectRoot(from: string = __dirname): string {
    let dir = from;
    for (;;) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === ROOT_PACKAGE) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`no ${ROOT_PACKAGE} package.json above ${from}`);
        }
        dir = parent;
    }
}

/** The pack's version, which is the repository's (policies/package.json matches it). */
export function packVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")) as { version: string }).version;
}
