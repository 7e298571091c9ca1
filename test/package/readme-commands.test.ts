import * as fs from "fs";
import * as path from "path";
import { ROOT, run } from "./npm-routes";

/**
 * The npm name `hardened-postgres` is not this project's, so a documented command must run the project's own
 * binary: `npm exec --no -- hardened-postgres` (which refuses to download) or `./node_modules/.bin/hardened-postgres`.
 * `npx hardened-postgres`, run anywhere but here, would fetch and run a stranger's package with the database URL.
 */

const DOCUMENTS = ["README.md", "policies/README.md", "components/database-access/README.md"];
const SUBCOMMAND = /hardened-postgres (check|verify|evidence|local|start|audit)\b/g;
const OWN_BINARY = /(npm exec --no -- |\.\/node_modules\/\.bin\/)$/;

/** The lines of a document's fenced code blocks. */
function codeLines(file: string): string[] {
    const blocks = fs.readFileSync(path.join(ROOT, file), "utf8").match(/^```[^\n]*\n[\s\S]*?^```/gm) ?? [];
    return blocks.flatMap((block) => block.split("\n").slice(1, -1));
}

describe.each(DOCUMENTS)("%s", (file) => {
    it("never runs the CLI through npx", () => {
        expect(codeLines(file).filter((line) => /\bnpx\b/.test(line))).toEqual([]);
    });

    it("runs every CLI command from the project's own binary", () => {
        const strays = codeLines(file).filter((line) => [...line.matchAll(SUBCOMMAND)].some((m) => !OWN_BINARY.test(line.slice(0, m.index))));
        expect(strays).toEqual([]);
    });
});

it("npm exec --no -- hardened-postgres runs this repository's build without the registry", async () => {
    const result = await run("npm", ["exec", "--no", "--offline", "--", "hardened-postgres", "--help"], ROOT);
    expect({ code: result.code, stderr: result.stderr, usage: /^usage: hardened-postgres <command>/.test(result.stdout) }).toEqual({ code: 0, stderr: "", usage: true });
});

it("the build leaves every bin entry executable: npm exec reuses its earlier link, so a rebuilt CLI must not need npm to chmod it", () => {
    const { bin } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    const modes = Object.values(bin).map((file) => [file, (fs.statSync(path.join(ROOT, file)).mode & 0o111) === 0o111]);
    expect(modes).toEqual(Object.values(bin).map((file) => [file, true]));
});
