import * as path from "path";

/** `file`'s path relative to `dir` when it lies inside `dir`, else undefined. */
function within(file: string, dir: string): string | undefined {
    const relative = path.relative(dir, file);
    return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative) ? relative : undefined;
}

const hasNodeModules = (p: string): boolean => p.split(/[\\/]/).includes("node_modules");

/** A library's file: in a node_modules folder (inside `root` when it is there, since an installed product lives in one itself). */
const isLibrary = (file: string, root: string): boolean => hasNodeModules(within(file, root) ?? file);

/** Where the product's own code lives in the repository (or installed package): the engine and CLI, components, and their build. */
const PRODUCT_DIRS = ["policies", "infra", "components", "bin"];

/** Product code that is never a user's program, even when the program lives in the same folder (infra/ holds both). */
const ENGINE_DIRS = [path.join("policies", "offline-check"), path.join("infra", "cli"), "bin"];

const inAny = (file: string, root: string, dirs: readonly string[]): boolean => dirs.some((dir) => within(file, path.join(root, dir)) !== undefined);

/**
 * Whether `file` is the program's own code: not Node's (`node:…`), not a library's (any node_modules), not this
 * product's (policies/, infra/, components/, bin/ of `root`), unless the program itself lives there (`infra/` is a
 * program, next to the CLI in infra/cli/). `programDir` is the program's folder.
 */
export function isProgramFile(file: string, root: string, programDir: string): boolean {
    if (!path.isAbsolute(file) || isLibrary(file, root) || inAny(file, root, ENGINE_DIRS)) {
        return false;
    }
    return !inAny(file, root, PRODUCT_DIRS) || within(file, programDir) !== undefined;
}

/** Whether `file` is this product's own code: policies/, infra/, components/ or bin/ of `root`, outside any node_modules. */
export function isProductFile(file: string, root: string): boolean {
    return path.isAbsolute(file) && !isLibrary(file, root) && inAny(file, root, PRODUCT_DIRS);
}
