import * as fs from "fs";
import * as path from "path";

/** The stacks directory (Pulumi.yaml stackConfigDir). */
export const STACKS_DIR = path.resolve(__dirname, "..", "..", "stacks");

/** Every `Pulumi.<stack>.yaml` in `dir`, as stack name and path. */
export function stackFiles(dir: string = STACKS_DIR): { stack: string; file: string }[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ stack: m[1], file: path.join(dir, m[0]) }))
        .sort((a, b) => a.stack.localeCompare(b.stack));
}

