import * as fs from "fs";
import * as path from "path";
import { CONTROLS, controlsMarkdownTable } from "../../components/catalog";
import { CONFIG_KEY_NAMES } from "../../infra/program/stack-config";

const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

describe("README", () => {
    it("opens with exactly the two fresh-machine commands", () => {
        const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(firstBlock).toBe("npm run setup && npm start\nnpm run setup && npm test\n");
    });

    it("embeds the controls table generated from the catalog", () => {
        const table = /<!-- controls-table:start[^>]*-->\n([\s\S]*?)\n<!-- controls-table:end -->/.exec(readme)?.[1];
        expect(table).toBe(controlsMarkdownTable());
        expect(CONTROLS.every((c) => table?.includes(`| ${c.id} |`))).toBe(true);
    });

    it.each(CONFIG_KEY_NAMES)("documents the config key %s", (key) => {
        expect(readme).toContain(`| \`${key}\` |`);
    });
});
