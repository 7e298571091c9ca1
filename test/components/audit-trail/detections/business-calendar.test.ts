import { localTime, outsideBusinessHours } from "../../../../components/audit-trail/detections/business-calendar";
import type { BusinessHours } from "../../../../components/audit-trail";

const NEW_YORK: BusinessHours = { timeZone: "America/New_York", days: [1, 2, 3, 4, 5], start: "08:00", end: "18:00", holidays: ["2026-11-26"] };

test("local date, ISO weekday and time in the zone", () => {
    expect(localTime(new Date("2026-11-02T13:00:00Z"), "America/New_York")).toEqual({ date: "2026-11-02", weekday: 1, clock: "08:00" });
    expect(localTime(new Date("2026-11-02T04:59:00Z"), "America/New_York")).toEqual({ date: "2026-11-01", weekday: 7, clock: "23:59" });
    expect(localTime(new Date("2026-11-02T00:30:00Z"), "Asia/Kolkata")).toEqual({ date: "2026-11-02", weekday: 1, clock: "06:00" });
});

test("consecutive lines reuse the minute's answer and still turn over exactly at the next minute, in a +05:45 zone too", () => {
    expect(localTime(new Date("2026-11-02T18:14:00.000Z"), "Asia/Kathmandu")).toEqual({ date: "2026-11-02", weekday: 1, clock: "23:59" });
    expect(localTime(new Date("2026-11-02T18:14:59.999Z"), "Asia/Kathmandu")).toEqual({ date: "2026-11-02", weekday: 1, clock: "23:59" });
    expect(localTime(new Date("2026-11-02T18:15:00.000Z"), "Asia/Kathmandu")).toEqual({ date: "2026-11-03", weekday: 2, clock: "00:00" });
    expect(localTime(new Date("2026-11-02T18:15:00.000Z"), "UTC")).toEqual({ date: "2026-11-02", weekday: 1, clock: "18:15" });
});

test("inside hours: start inclusive", () => {
    expect(outsideBusinessHours(new Date("2026-11-02T13:00:00Z"), NEW_YORK)).toBeUndefined();
});

test("outside: the end is exclusive", () => {
    expect(outsideBusinessHours(new Date("2026-11-02T23:00:00Z"), NEW_YORK)).toBe("2026-11-02 18:00 is outside 08:00-18:00 (America/New_York)");
});

test("outside: before the start", () => {
    expect(outsideBusinessHours(new Date("2026-11-02T12:59:00Z"), NEW_YORK)).toBe("2026-11-02 07:59 is outside 08:00-18:00 (America/New_York)");
});

test("DST: 12:30 UTC is 07:30 in New York after the clocks go back (EST), but 08:30 before (EDT)", () => {
    // US DST ended Sunday 2026-11-01 at 02:00 local.
    expect(outsideBusinessHours(new Date("2026-10-30T12:30:00Z"), NEW_YORK)).toBeUndefined();
    expect(outsideBusinessHours(new Date("2026-11-02T12:30:00Z"), NEW_YORK)).toBe("2026-11-02 07:30 is outside 08:00-18:00 (America/New_York)");
});

test("outside: a weekend day", () => {
    expect(outsideBusinessHours(new Date("2026-11-07T15:00:00Z"), NEW_YORK)).toBe("2026-11-07 is not a working day (America/New_York)");
});

test("outside: a holiday on a working day, by the local date (01:00 UTC on the 27th is still the 26th in New York)", () => {
    expect(outsideBusinessHours(new Date("2026-11-26T15:00:00Z"), NEW_YORK)).toBe("2026-11-26 is a holiday (America/New_York)");
    expect(outsideBusinessHours(new Date("2026-11-27T01:00:00Z"), { ...NEW_YORK, end: "24:00" })).toBe("2026-11-26 is a holiday (America/New_York)");
});
