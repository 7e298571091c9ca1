import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findPgBinDir } from "../infra/local-twin/pg-binaries";

/** The machine and software a run was taken on; printed with every table. */
export interface MachineInfo {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    kernel: string;
    postgres: string;
    pgaudit: string;
    pgbench: string;
    node: string;
    /** /proc/loadavg 1-minute load when the run started and ended: a busy machine makes every number noisier. */
    loadAverageAtStart: number;
    loadAverageAtEnd?: number;
}

function firstLine(program: string, args: string[]): string {
    try {
        return execFileSync(program, args, { encoding: "utf8" }).split("\n")[0].trim();
    } catch {
        return "unknown";
    }
}

function cpuModel(): string {
    try {
        const line = fs
            .readFileSync("/proc/cpuinfo", "utf8")
            .split("\n")
            .find((l) => l.startsWith("model name"));
        return line?.split(":")[1].trim() ?? os.cpus()[0]?.model ?? "unknown";
    } catch {
        return os.cpus()[0]?.model ?? "unknown";
    }
}

/** The 1-minute load average. */
export function loadAverage(): number {
    return os.loadavg()[0];
}

/** pgaudit's version from its extension control file (the library the server preloads). */
function pgauditVersion(binDir: string): string {
    const sharedir = firstLine(path.join(binDir, "pg_config"), ["--sharedir"]);
    try {
        const control = fs.readFileSync(path.join(sharedir, "extension", "pgaudit.control"), "utf8");
        return /default_version\s*=\s*'([^']+)'/.exec(control)?.[1] ?? "unknown";
    } catch {
        return "unknown";
    }
}

export function machineInfo(): MachineInfo {
    const binDir = findPgBinDir();
    return {
        cpus: os.cpus().length,
        cpuModel: cpuModel(),
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        kernel: `${os.type()} ${os.release()}`,
        postgres: firstLine(path.join(binDir, "postgres"), ["--version"]),
        pgaudit: pgauditVersion(binDir),
        pgbench: firstLine(path.join(binDir, "pgbench"), ["--version"]),
        node: process.version,
        loadAverageAtStart: loadAverage(),
    };
}
