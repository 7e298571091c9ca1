import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { loadStackConfig } from "./stack-files";
import { AnalyzedResource, PolicyDiagnostic, PolicyPackConfig, evaluatePack } from "./evaluate";
import { packVersion, projectRoot } from "./project-root";
import { runProgram } from "./run-program";
import { StackReferenceOutputs } from "./stack-references";
import { startTypeCheck } from "./type-check";
import type { Waiver } from "./waivers";

/** The stack `check` uses when none is named. */
export const DEFAULT_STACK = "dev";

/** A request `check` cannot act on (missing program, missing stack file); the CLI exits 2 with the message. */
export class CheckInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CheckInputError";
    }
}

export interface CheckOptions {
    /** Program directory or file; default the repository's `infra/`. Relative paths are resolved against `cwd`. */
    program?: string;
    /** Stack whose `Pulumi.<stack>.yaml` config the program runs with; default `dev`. */
    stack?: string;
    /** Policy pack config, as `--policy-pack-config` takes it. */
    policyConfig?: PolicyPackConfig;
    /** Outputs of the stacks the program references (`--stack-reference-outputs`); without them, reading one fails the run (exit 2). */
    stackReferenceOutputs?: StackReferenceOutputs;
    /**
     * Type-check a TypeScript program as Pulumi does before running it (tsc beside the evaluation); a type error makes
     * `checkProgram` throw TypeCheckError. The CLI turns it on unless `--skip-type-check`; off by default here.
     */
    typeCheck?: boolean;
    cwd?: string;
}

/** A TypeScript program with type errors: Pulumi would refuse to run it, so it can't be judged as if it ran (exit 2). */
export class TypeCheckError extends CheckInputError {
    constructor(
        readonly program: string,
        readonly errors: string[],
    ) {
        const shown = errors.slice(0, 20);
        super(
            [
                `${program} has ${errors.length} type error${errors.length === 1 ? "" : "s"}, and pulumi preview and pulumi up type-check TypeScript programs before running them, so Pulumi would refuse to run it:`,
                ...shown.map((e) => `    ${e}`),
                ...(errors.length > shown.length ? [`    … and ${errors.length - shown.length} more`] : []),
                "fix them, or pass --skip-type-check to judge it anyway (as PULUMI_NODEJS_TRANSPILE_ONLY=true would run it under Pulumi)",
            ].join("\n"),
        );
        this.name = "TypeCheckError";
    }
}

export interface ProgramCheckReport {
    project: string;
    stack: string;
    /** Resources the program registered (the root stack included; the engine's default providers not). */
    resources: AnalyzedResource[];
    /** Default providers the engine would add, judged by stack policies too. */
    defaultProviders: AnalyzedResource[];
    diagnostics: PolicyDiagnostic[];
    /** Registrations the program started, the root stack included; a report exists only when each became one of `resources`. */
    registrationsAttempted: number;
    /** Existing resources the program read (StackReference, `.get`), which policies don't judge. */
    reads: { type: string; name: string }[];
    /** Named waivers in force (`hpg-opt-out:<name>` tags with a reason), each with the control it weakens. */
    waivers: Waiver[];
}

interface ProjectFile {
    dir: string;
    name: string;
    main?: string;
    stackConfigDir?: string;
}

function readProjectFile(dir: string): ProjectFile | undefined {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) {
        return undefined;
    }
    let doc: { name?: string; main?: string; stackConfigDir?: string };
    try {
        doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as typeof doc;
    } catch (e) {
        throw new CheckInputError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { dir, name: doc.name ?? path.basename(dir), main: doc.main, stackConfigDir: doc.stackConfigDir };
}

/**
 * The Pulumi.yaml a program belongs to: the nearest one above it, if the program is its project directory or its
 * `main`. A program elsewhere (a lone file, a fixture) has none and runs without a project file.
 */
function projectFileFor(program: string): ProjectFile | undefined {
    const programDir = fs.statSync(program).isDirectory() ? program : path.dirname(program);
    for (let dir = programDir; ; dir = path.dirname(dir)) {
        const project = readProjectFile(dir);
        if (project) {
            const main = project.main !== undefined ? path.resolve(dir, project.main) : dir;
            return dir === program || main === program || (dir === programDir && project.main === undefined) ? project : undefined;
        }
        if (path.dirname(dir) === dir) {
            return undefined;
        }
    }
}

/** Runs a program under mocks with its stack's config, then judges every resource with the pack. */
export async function checkProgram(options: CheckOptions = {}): Promise<ProgramCheckReport> {
    const cwd = options.cwd ?? process.cwd();
    const program = path.resolve(cwd, options.program ?? path.join(projectRoot(), "infra"));
    if (!fs.existsSync(program) && !fs.existsSync(`${program}.ts`) && !fs.existsSync(`${program}.js`)) {
        throw new CheckInputError(`program '${options.program ?? program}' does not exist`);
    }
    let programPath = fs.existsSync(program) ? program : fs.existsSync(`${program}.ts`) ? `${program}.ts` : `${program}.js`;
    const project = projectFileFor(programPath);
    // Given a project directory, Pulumi runs its Pulumi.yaml `main` (a file or a directory) instead of the directory.
    if (project?.main !== undefined && project.dir === programPath) {
        const main = path.resolve(project.dir, project.main);
        if (!fs.existsSync(main)) {
            throw new CheckInputError(`${path.join(project.dir, "Pulumi.yaml")}: main '${project.main}' does not exist`);
        }
        programPath = main;
    }
    const stack = options.stack ?? DEFAULT_STACK;
    const configDir = project ? path.resolve(project.dir, project.stackConfigDir ?? ".") : fs.statSync(programPath).isDirectory() ? programPath : path.dirname(programPath);
    const stackFile = path.join(configDir, `Pulumi.${stack}.yaml`);
    // A stack named on the command line, or the repository's own program, must have its config; a lone program may run without.
    if (!fs.existsSync(stackFile) && (options.stack !== undefined || options.program === undefined)) {
        throw new CheckInputError(`no config for stack '${stack}': ${path.relative(cwd, stackFile) || stackFile} does not exist`);
    }
    let config: Record<string, string> = {};
    if (fs.existsSync(stackFile)) {
        try {
            config = loadStackConfig(stackFile);
        } catch (e) {
            throw new CheckInputError(e instanceof Error ? e.message : String(e));
        }
    }
    const projectName = project?.name ?? path.basename(programPath).replace(/\.(ts|mts|cts|js|mjs|cjs)$/, "");
    // Beside the run: tsc in a child process costs wall time only when it is slower than the program and the pack.
    const typeCheck = options.typeCheck === true ? startTypeCheck(programPath) : undefined;
    const typeErrors = async () => {
        const result = await typeCheck;
        if (result !== undefined && result.errors.length > 0) {
            throw new TypeCheckError(path.relative(cwd, programPath) || programPath, result.errors);
        }
    };
    let run;
    try {
        run = await runProgram({ program: programPath, project: projectName, stack, config, stackReferenceOutputs: options.stackReferenceOutputs });
    } catch (e) {
        // A type error often is why a program failed: report what Pulumi would report first.
        await typeErrors();
        throw e;
    }
    const { registered, defaultProviders, registrationsAttempted, reads } = run;
    const all = [...registered, ...defaultProviders];
    // The pack (a hundred modules, compiled at load under ts-node) loads only for a program that ran.
    const { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } = await import("../crossguard/pack");
    const diagnostics = await evaluatePack(POLICIES, all, {
        pack: { name: PACK_NAME, version: packVersion(), enforcementLevel: PACK_ENFORCEMENT_LEVEL },
        config: options.policyConfig,
    });
    await typeErrors();
    const { waiversInForce } = await import("./waivers");
    return { project: projectName, stack, resources: registered, defaultProviders, diagnostics, registrationsAttempted, reads, waivers: waiversInForce(registered) };
}

/** Whether the result blocks a deployment: any mandatory violation. */
export function hasMandatoryViolation(result: ProgramCheckReport): boolean {
    return result.diagnostics.some((d) => d.enforcementLevel === "mandatory");
}
