import * as fs from "fs";
import { REQUIRED, ROOT, npmPack, temporaryDirectory, unexpectedFiles } from "./npm-routes";

/**
 * The README's second install route: `npm install git+file://<clone>` (or a git URL of the hosted repository). npm
 * clones the commit, installs its dependencies with the devDependencies, runs `prepare` (the build) and packs the
 * result, which it then installs like any tarball (tarball.test.ts installs one). `npm pack <git URL>` stops before
 * that last step, so this test sees what a git install gets: the committed files, built with what a git install has.
 */

const work = temporaryDirectory("git");
let files: string[];

beforeAll(async () => {
    files = (await npmPack(work, work, `git+file://${ROOT}`)).files;
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("npm install git+file://<repository>", () => {
    it("builds through prepare and ships the compiled library, CLI and policy pack, and the documents", () => {
        expect(REQUIRED.filter((f) => !files.includes(f))).toEqual([]);
    });

    it("ships nothing else", () => {
        expect(unexpectedFiles(files)).toEqual([]);
    });
});
