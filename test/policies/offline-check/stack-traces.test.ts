import { CheapStacks, programFrames, stackFrames, topProductFrame } from "../../../policies/offline-check/stack-traces";

const ROOT = "/repo";

/** A stack as ts-node prints a program's top-level throw: the program's frame, then Node's, the engine's and Pulumi's. */
const THROWN_AT_TOP_LEVEL = [
    "Error: subnet ids are missing",
    "    at Object.<anonymous> (/repo/test/fixtures/programs/throws.ts:4:7)",
    "    at Module._compile (node:internal/modules/cjs/loader:1364:14)",
    "    at Module.m._compile (/repo/node_modules/ts-node/src/index.ts:1618:23)",
    "    at runProgramModule (/repo/policies/offline-check/program-loader.ts:92:20)",
    "    at Stack.initialize (/repo/node_modules/@pulumi/pulumi/runtime/stack.js:76:39)",
    "    at async Promise.all (index 0)",
].join("\n");

describe("stackFrames", () => {
    it("reads each `at` line's file, with or without a function name, and none for a frame without one", () => {
        expect(stackFrames(["Error: x", "    at fn (/a/b.ts:1:2)", "    at /a/c.ts:3:4", "    at async run (/a/d b.ts:5:6)", "    at Array.map (<anonymous>)", "    at new Promise (<anonymous>)"].join("\n"))).toEqual([
            { text: "at fn (/a/b.ts:1:2)", file: "/a/b.ts" },
            { text: "at /a/c.ts:3:4", file: "/a/c.ts" },
            { text: "at async run (/a/d b.ts:5:6)", file: "/a/d b.ts" },
            { text: "at Array.map (<anonymous>)" },
            { text: "at new Promise (<anonymous>)" },
        ]);
    });

    it("a multi-line message is not a frame", () => {
        expect(stackFrames("Error: invalid stack configuration:\n  [vpcId] is missing\n    at f (/a.ts:1:1)").map((f) => f.text)).toEqual(["at f (/a.ts:1:1)"]);
    });

    it("has none for no stack", () => {
        expect([stackFrames(undefined), stackFrames("Error: x")]).toEqual([[], []]);
    });
});

describe("programFrames and topProductFrame", () => {
    it("keep only the program's own frames", () => {
        expect(programFrames(THROWN_AT_TOP_LEVEL, ROOT, "/repo/test/fixtures/programs").map((f) => f.text)).toEqual(["at Object.<anonymous> (/repo/test/fixtures/programs/throws.ts:4:7)"]);
    });

    it("find where in the product an internal error happened, past the test's and the libraries' frames", () => {
        expect(topProductFrame(THROWN_AT_TOP_LEVEL, ROOT)?.text).toBe("at runProgramModule (/repo/policies/offline-check/program-loader.ts:92:20)");
        expect(topProductFrame("Error: x\n    at f (/repo/node_modules/a/b.js:1:1)", ROOT)).toBeUndefined();
    });
});

describe("CheapStacks", () => {
    /** Made in a function of its own, so that its frame names it. */
    function failHere(): Error {
        return new Error("failed here");
    }

    it("while on, a stack read is only the message; once restored, an error nobody read has its real stack", () => {
        const { prepareStackTrace, stackTraceLimit } = Error;
        const stacks = new CheapStacks();
        const read = failHere();
        const unread = failHere();
        expect(read.stack).toBe("Error: failed here");
        stacks.restore();
        expect([Error.prepareStackTrace, Error.stackTraceLimit]).toEqual([prepareStackTrace, stackTraceLimit]);
        expect(unread.stack).toMatch(/^Error: failed here\n +at failHere \(.*stack-traces\.test\.ts:\d+:\d+\)/);
        // The one read while on is rebuilt from the call sites kept then.
        stacks.keepRealStack(read);
        expect(read.stack).toMatch(/^Error: failed here\n +at failHere \(.*stack-traces\.test\.ts:\d+:\d+\)/);
    });

    it("leaves alone what it never formatted", () => {
        const stacks = new CheapStacks();
        stacks.restore();
        const error = failHere();
        const stack = error.stack;
        stacks.keepRealStack(error);
        stacks.keepRealStack("not an error");
        expect(error.stack).toBe(stack);
    });
});
