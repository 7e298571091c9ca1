import * as path from "path";
import { ServedPack, itAgreesWithTheInProcessEvaluation, servePack } from "../support/served-pack";

/**
 * The harness and `check` evaluate policies the way @pulumi/policy's analyzer server does. This test proves it: it
 * starts policies/ exactly as `pulumi preview --policy-pack policies` does (run-policy-pack, ts-node with type
 * checking, package.json `main` = index.ts), sends the same resources over gRPC, and compares the server's diagnostics
 * with the in-process evaluation. test/package/tarball.test.ts does the same with the pack an installed package ships.
 */

const POLICIES_DIR = path.resolve(__dirname, "../../policies");

let pack: ServedPack;

beforeAll(async () => {
    pack = await servePack(POLICIES_DIR);
}, 120_000);

afterAll(() => pack?.stop());

describe("the served pack agrees with the in-process evaluation", () => {
    itAgreesWithTheInProcessEvaluation(() => pack);
});
