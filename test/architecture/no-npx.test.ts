import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

// `npx hardened-postgres`, run outside this project, fetches whatever a stranger publishes under that name; no hint the
// product prints may suggest it (issue 12). The README is checked by test/package/readme-commands.test.ts.
test("no source the product runs suggests npx hardened-postgres", () => {
    const grep = spawnSync("git", ["grep", "-n", "npx hardened-postgres", "--", "components", "policies", "infra", "scripts", "bench"], { cwd: ROOT, encoding: "utf8" });
    // git grep exits 1 when nothing matches, 0 with the matching lines.
    expect({ status: grep.status, hits: grep.stdout.trim() }).toEqual({ status: 1, hits: "" });
});
