import * as fs from "fs";
import { flagValue, parseArgs, ParsedArgs } from "../args";
import { CliError } from "../errors";
import { DetectionSettings, DetectionSettingsError, validateDetectionSettings } from "../../../components/audit-trail/detections";
import { LocalSpec } from "../../local-twin/local-database";
import { LOCAL_VALUE_FLAGS, localSpecFrom } from "./local-spec";

export type AuditSubcommand = "report" | "alerts";

/** Where the log entries come from: exported files (`--log`), or the local twin (`--data-dir`/`--port`, the default). */
export type AuditSource = { kind: "files"; files: string[] } | { kind: "local"; spec: LocalSpec };

/** One `audit` invocation, validated. */
export interface AuditOptions {
    subcommand: AuditSubcommand;
    since: Date;
    until: Date;
    json: boolean;
    /** Files the report is also written to (report only). */
    html?: string;
    markdown?: string;
    settings: DetectionSettings;
    source: AuditSource;
}

/** The period when `--since`/`--until` are not given: the 24 hours up to now. */
export const DEFAULT_PERIOD_HOURS = 24;

const ISO_TIME_ALLOWED = "an ISO 8601 time with seconds optional and a UTC offset or Z, e.g. 2026-11-26T09:00:00Z or 2026-11-26T10:00+01:00";
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * `value` as an instant. The offset is required: a time without one means a different instant on every machine.
 * Each field is range-checked (Date would roll 2026-02-30 over into March).
 */
export function parseIsoTime(flag: string, value: string): Date {
    const m = ISO_TIME.exec(value);
    const bad = () => new CliError(`--${flag} '${value}' is not ${ISO_TIME_ALLOWED}`);
    if (!m) {
        throw bad();
    }
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
    const millis = Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
    const offsetMinutes = m[8] === undefined ? 0 : (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
    const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
    const fieldsKept = local.getUTCFullYear() === year && local.getUTCMonth() === month - 1 && local.getUTCDate() === day && local.getUTCHours() === hour && local.getUTCMinutes() === minute && local.getUTCSeconds() === second;
    if (!fieldsKept || Number(m[9] ?? 0) > 23 || Number(m[10] ?? 0) > 59) {
        throw bad();
    }
    return new Date(local.getTime() - offsetMinutes * 60_000);
}

/**
 * Takes `--<flag> <file>…` out of argv: each occurrence takes the arguments after it up to the next option, and may
 * repeat (`--<flag>=<file>` takes one). File names are taken whole: commas and spaces are theirs.
 */
export function takeFileList(argv: string[], flag: string): { files: string[]; given: boolean; rest: string[] } {
    const files: string[] = [];
    const rest: string[] = [];
    const missing = () => new CliError(`--${flag} needs at least one file (a server log: jsonlog, csvlog, RDS stderr or a CloudWatch export)`);
    let given = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === `--${flag}`) {
            given = true;
            const before = files.length;
            while (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                files.push(argv[++i]);
            }
            if (files.length === before) {
                throw missing();
            }
        } else if (arg.startsWith(`--${flag}=`)) {
            given = true;
            if (arg === `--${flag}=`) {
                throw missing();
            }
            files.push(arg.slice(flag.length + 3));
        } else {
            rest.push(arg);
        }
    }
    return { files, given, rest };
}

/** `--log <file>…`: the exported server logs `audit` reads. */
export function takeLogFiles(argv: string[]): { files: string[]; given: boolean; rest: string[] } {
    return takeFileList(argv, "log");
}

/** Detection settings from `--config <file>` (JSON); none given: the safe defaults. */
export function readDetectionSettings(file: string | undefined, flag = "config"): DetectionSettings {
    if (file === undefined) {
        return validateDetectionSettings(undefined);
    }
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new CliError(`--${flag} '${file}' can't be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); give a JSON file of detection settings`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new CliError(`--${flag} '${file}' is not JSON (${(e as Error).message}); give a JSON file of detection settings`);
    }
    try {
        return validateDetectionSettings(parsed);
    } catch (e) {
        if (e instanceof DetectionSettingsError) {
            throw new CliError(`--${flag} '${file}': ${e.message}`);
        }
        throw e;
    }
}

/** `--since`/`--until` of parsed args: each an instant with an offset, since before until; default the 24 hours up to `now`. */
export function periodFrom(args: ParsedArgs, now: Date): { since: Date; until: Date } {
    const sinceText = flagValue(args, "since");
    const untilText = flagValue(args, "until");
    const until = untilText === undefined ? now : parseIsoTime("until", untilText);
    const since = sinceText === undefined ? new Date(until.getTime() - DEFAULT_PERIOD_HOURS * 3_600_000) : parseIsoTime("since", sinceText);
    if (since.getTime() >= until.getTime()) {
        throw new CliError(`--since '${sinceText ?? since.toISOString()}' must be before --until '${untilText ?? `${until.toISOString()} (now)`}'`);
    }
    return { since, until };
}

const COMMON_VALUE_FLAGS = ["since", "until", "config", ...LOCAL_VALUE_FLAGS];
const VALUE_FLAGS: Record<AuditSubcommand, string[]> = { report: [...COMMON_VALUE_FLAGS, "html", "markdown"], alerts: COMMON_VALUE_FLAGS };

/** Parses `audit report|alerts …` after the subcommand. `now` is injectable so the default period can be tested. */
export function parseAuditOptions(subcommand: AuditSubcommand, argv: string[], now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): AuditOptions {
    const logs = takeLogFiles(argv);
    const args = parseArgs(logs.rest, VALUE_FLAGS[subcommand], ["json"]);
    if (args.positional.length > 0) {
        throw new CliError(`unexpected argument '${args.positional[0]}' (files to read go after --log)`);
    }
    const { since, until } = periodFrom(args, now);
    const localFlag = LOCAL_VALUE_FLAGS.find((f) => args.flags.has(f));
    if (logs.given && localFlag !== undefined) {
        throw new CliError(`--log reads exported log files and --${localFlag} names the local twin: give one or the other`);
    }
    const html = flagValue(args, "html");
    const markdown = flagValue(args, "markdown");
    return {
        subcommand,
        since,
        until,
        json: args.flags.has("json"),
        ...(html !== undefined ? { html } : {}),
        ...(markdown !== undefined ? { markdown } : {}),
        settings: readDetectionSettings(flagValue(args, "config")),
        source: logs.given ? { kind: "files", files: logs.files } : { kind: "local", spec: localSpecFrom(args, env) },
    };
}
