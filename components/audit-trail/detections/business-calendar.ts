import type { BusinessHours } from "./detection";
import { minutesOf } from "./settings";

/** A moment as the business's wall clock shows it, in its IANA time zone. */
export interface LocalTime {
    /** `YYYY-MM-DD`. */
    date: string;
    /** ISO weekday, 1 = Monday … 7 = Sunday. */
    weekday: number;
    /** `HH:MM`. */
    clock: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

/** The last answer per time zone: log lines come in time order, and every zone offset is whole minutes, so a minute's lines share it. */
const lastAnswer = new Map<string, { minute: number; local: LocalTime }>();

/** The local date, weekday and time of `instant` in `timeZone`, by the runtime's tz database (Intl), DST included. */
export function localTime(instant: Date, timeZone: string): LocalTime {
    const minute = Math.floor(instant.getTime() / 60_000);
    const last = lastAnswer.get(timeZone);
    if (last && last.minute === minute) {
        return last.local;
    }
    const local = formatLocalTime(instant, timeZone);
    lastAnswer.set(timeZone, { minute, local });
    return local;
}

function formatLocalTime(instant: Date, timeZone: string): LocalTime {
    let format = formats.get(timeZone);
    if (!format) {
        format = new Intl.DateTimeFormat("en-US", {
            timeZone,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            weekday: "short",
            hour: "2-digit",
            minute: "2-digit",
        });
        formats.set(timeZone, format);
    }
    const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
    return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: WEEKDAYS[parts.weekday], clock: `${parts.hour}:${parts.minute}` };
}

/** Why `instant` is outside business hours (a holiday, a non-working weekday, or before/after hours), or undefined. */
export function outsideBusinessHours(instant: Date, hours: BusinessHours): string | undefined {
    const local = localTime(instant, hours.timeZone);
    if (hours.holidays.includes(local.date)) {
        return `${local.date} is a holiday (${hours.timeZone})`;
    }
    if (!hours.days.includes(local.weekday)) {
        return `${local.date} is not a working day (${hours.timeZone})`;
    }
    const minute = minutesOf(local.clock);
    if (minute < minutesOf(hours.start) || minute >= minutesOf(hours.end)) {
        return `${local.date} ${local.clock} is outside ${hours.start}-${hours.end} (${hours.timeZone})`;
    }
    return undefined;
}
