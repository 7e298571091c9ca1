import { DEFAULT_MIGRATOR_ROLES, IPV6_ULA_CIDR, RFC1918_CIDRS } from "../../catalog";
import { SAMPLE_ACCESS_MODEL } from "../../database-access/sample-model";
import { classifiedTableNames } from "./classified-tables";
import { parseCidr } from "./cidr";
import type { BusinessHours, DetectionSettings } from "./detection";

/** Loopback, where the local twin's clients and a pooler on the same host connect from. */
export const LOOPBACK_CIDRS: readonly string[] = ["127.0.0.1/32", "::1/128"];

/**
 * The safe defaults. Each threshold is set so the care workflow the product models stays quiet and a dump does not:
 * - rowsPerStatement 1000: a screen reads one patient's records or a page of a list (tens to a few hundred rows);
 *   a thousand rows in one statement is an export, not care.
 * - rowsPerPersonPerWindow 5000 in 60 minutes: paging through a list to copy it stays under 1000 per page but not
 *   under this sum.
 * - failedAuth 5 in 5 minutes: PCI DSS 4.0 8.3.4 locks an account out after at most 10 attempts; alerting at half
 *   that sees a guessing run before the lockout hides it.
 * - auditGap 60 minutes: with log_connections on (HPG-AUD-04) RDS's own monitoring connections write lines every few
 *   minutes, so an hour of silence means the stream (or the server) stopped.
 * - business hours Monday-Friday 07:00-19:00 UTC with no holidays: a deployment sets its own zone and calendar.
 */
export function defaultDetectionSettings(): DetectionSettings {
    return {
        classifiedTables: classifiedTableNames(SAMPLE_ACCESS_MODEL),
        migratorRoles: [...DEFAULT_MIGRATOR_ROLES],
        allowedCidrs: [...RFC1918_CIDRS, IPV6_ULA_CIDR, ...LOOPBACK_CIDRS],
        bulkRead: { rowsPerStatement: 1000, rowsPerPersonPerWindow: 5000, windowMinutes: 60 },
        businessHours: { timeZone: "UTC", days: [1, 2, 3, 4, 5], start: "07:00", end: "19:00", holidays: [] },
        failedAuth: { attempts: 5, windowMinutes: 5 },
        auditGap: { maxSilenceMinutes: 60 },
    };
}

/** A setting that is not what a detection can use; the message names the field, the value and what is allowed. */
export class DetectionSettingsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DetectionSettingsError";
    }
}

type Json = Record<string, unknown>;

/**
 * Reads detection settings from configuration (JSON): every field is optional, a missing one takes its default, an
 * object merges field by field. Throws DetectionSettingsError on the first wrong field.
 */
export function validateDetectionSettings(input: unknown): DetectionSettings {
    const defaults = defaultDetectionSettings();
    if (input === undefined || input === null) {
        return defaults;
    }
    const root = objectAt("", input);
    rejectUnknown("", root, Object.keys(defaults));
    const bulk = objectAt("bulkRead", root.bulkRead ?? {});
    rejectUnknown("bulkRead", bulk, Object.keys(defaults.bulkRead));
    const hours = objectAt("businessHours", root.businessHours ?? {});
    rejectUnknown("businessHours", hours, Object.keys(defaults.businessHours));
    const failed = objectAt("failedAuth", root.failedAuth ?? {});
    rejectUnknown("failedAuth", failed, Object.keys(defaults.failedAuth));
    const gap = objectAt("auditGap", root.auditGap ?? {});
    rejectUnknown("auditGap", gap, Object.keys(defaults.auditGap));
    const settings: DetectionSettings = {
        classifiedTables: stringList("classifiedTables", root.classifiedTables, defaults.classifiedTables, checkTableName),
        migratorRoles: stringList("migratorRoles", root.migratorRoles, defaults.migratorRoles, checkRoleName),
        allowedCidrs: stringList("allowedCidrs", root.allowedCidrs, defaults.allowedCidrs, checkCidr),
        bulkRead: {
            rowsPerStatement: positiveInteger("bulkRead.rowsPerStatement", bulk.rowsPerStatement, defaults.bulkRead.rowsPerStatement),
            rowsPerPersonPerWindow: positiveInteger("bulkRead.rowsPerPersonPerWindow", bulk.rowsPerPersonPerWindow, defaults.bulkRead.rowsPerPersonPerWindow),
            windowMinutes: positiveInteger("bulkRead.windowMinutes", bulk.windowMinutes, defaults.bulkRead.windowMinutes),
        },
        businessHours: businessHours(hours, defaults.businessHours),
        failedAuth: {
            attempts: positiveInteger("failedAuth.attempts", failed.attempts, defaults.failedAuth.attempts),
            windowMinutes: positiveInteger("failedAuth.windowMinutes", failed.windowMinutes, defaults.failedAuth.windowMinutes),
        },
        auditGap: { maxSilenceMinutes: positiveInteger("auditGap.maxSilenceMinutes", gap.maxSilenceMinutes, defaults.auditGap.maxSilenceMinutes) },
    };
    return settings;
}

function businessHours(hours: Json, defaults: BusinessHours): BusinessHours {
    const timeZone = hours.timeZone ?? defaults.timeZone;
    if (typeof timeZone !== "string" || !isTimeZone(timeZone)) {
        throw new DetectionSettingsError(`[businessHours.timeZone] is ${show(timeZone)}; it must be an IANA time zone name, e.g. "America/New_York"`);
    }
    const days = hours.days ?? defaults.days;
    if (!Array.isArray(days) || days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7) || new Set(days).size !== days.length) {
        throw new DetectionSettingsError(`[businessHours.days] is ${show(days)}; it must be a non-empty list of distinct ISO weekdays, 1 = Monday … 7 = Sunday`);
    }
    const start = clock("businessHours.start", hours.start ?? defaults.start);
    const end = clock("businessHours.end", hours.end ?? defaults.end);
    if (minutesOf(end) <= minutesOf(start)) {
        throw new DetectionSettingsError(`[businessHours.end] is ${show(end)}; it must be later than [businessHours.start] ${show(start)} on the same day`);
    }
    const holidays = hours.holidays ?? defaults.holidays;
    if (!Array.isArray(holidays)) {
        throw new DetectionSettingsError(`[businessHours.holidays] is ${show(holidays)}; it must be a list of local dates "YYYY-MM-DD"`);
    }
    holidays.forEach((h, i) => {
        if (typeof h !== "string" || !isCalendarDate(h)) {
            throw new DetectionSettingsError(`[businessHours.holidays[${i}]] is ${show(h)}; it must be a local date "YYYY-MM-DD"`);
        }
    });
    return { timeZone, days: [...days].sort((a, b) => a - b), start, end, holidays: [...holidays] };
}

/** `HH:MM` as minutes after midnight. */
export function minutesOf(clockTime: string): number {
    const [h, m] = clockTime.split(":").map(Number);
    return h * 60 + m;
}

function clock(field: string, value: unknown): string {
    const m = typeof value === "string" ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
    // 24:00 lets a working day end at midnight.
    if (!m && value !== "24:00") {
        throw new DetectionSettingsError(`[${field}] is ${show(value)}; it must be a local time "HH:MM" from 00:00 to 24:00`);
    }
    return value as string;
}

function isTimeZone(name: string): boolean {
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: name });
        return name.length > 0;
    } catch {
        return false;
    }
}

function isCalendarDate(text: string): boolean {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) {
        return false;
    }
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === text;
}

function objectAt(field: string, value: unknown): Json {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new DetectionSettingsError(`[${field || "settings"}] is ${show(value)}; it must be an object`);
    }
    return value as Json;
}

function rejectUnknown(field: string, value: Json, known: string[]): void {
    for (const key of Object.keys(value)) {
        if (!known.includes(key)) {
            const name = field ? `${field}.${key}` : key;
            throw new DetectionSettingsError(`[${name}] is not a detection setting; allowed: ${known.join(", ")}`);
        }
    }
}

function stringList(field: string, value: unknown, fallback: string[], check: (field: string, item: string) => void): string[] {
    if (value === undefined) {
        return fallback;
    }
    if (!Array.isArray(value)) {
        throw new DetectionSettingsError(`[${field}] is ${show(value)}; it must be a list of strings`);
    }
    return value.map((item, i) => {
        if (typeof item !== "string") {
            throw new DetectionSettingsError(`[${field}[${i}]] is ${show(item)}; it must be a string`);
        }
        check(`${field}[${i}]`, item);
        return item;
    });
}

function positiveInteger(field: string, value: unknown, fallback: number): number {
    if (value === undefined) {
        return fallback;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        throw new DetectionSettingsError(`[${field}] is ${show(value)}; it must be a whole number ≥ 1`);
    }
    return value;
}

/** pgaudit writes a table as `schema.table`, each part as PostgreSQL prints names (lower case unless quoted). */
function checkTableName(field: string, name: string): void {
    if (!/^[^.\s"]+\.[^.\s"]+$/.test(name)) {
        throw new DetectionSettingsError(`[${field}] is ${show(name)}; it must be a schema-qualified table as pgaudit writes it, e.g. "app.patients"`);
    }
}

function checkRoleName(field: string, name: string): void {
    if (name.length === 0 || name.length > 63 || /[\s"]/.test(name)) {
        throw new DetectionSettingsError(`[${field}] is ${show(name)}; it must be a role name of 1 to 63 characters without spaces or quotes`);
    }
}

function checkCidr(field: string, cidr: string): void {
    if (!parseCidr(cidr)) {
        throw new DetectionSettingsError(`[${field}] is ${show(cidr)}; it must be an IPv4 or IPv6 CIDR, e.g. "10.0.0.0/8" or "fd00::/8"`);
    }
}

function show(value: unknown): string {
    return value === undefined ? "missing" : JSON.stringify(value);
}
