import { serverTimeToIso } from "../../../../policies/audit/log-entries/server-timestamp";

describe("serverTimeToIso", () => {
    it.each([
        ["2026-11-26 08:24:18 UTC", "2026-11-26T08:24:18.000Z"],
        ["2026-11-26 08:24:18.1 UTC", "2026-11-26T08:24:18.100Z"],
        ["2026-11-26 08:24:18.123456 GMT", "2026-11-26T08:24:18.123Z"],
        ["2028-02-29 23:59:59.999 UTC", "2028-02-29T23:59:59.999Z"],
        ["2026-11-26 10:24:18.123 +02", "2026-11-26T08:24:18.123Z"],
        ["2026-11-26 03:54:18 -0430", "2026-11-26T08:24:18.000Z"],
        ["2026-01-01 00:30:00 +05:30", "2025-12-31T19:00:00.000Z"],
    ])("%s is %s", (value, iso) => {
        expect(serverTimeToIso(value)).toBe(iso);
        // The same value twice (the cache) gives the same answer.
        expect(serverTimeToIso(value)).toBe(iso);
    });

    it.each(["2026-11-26 08:24:18 CET", "2026-13-01 00:00:00 UTC", "2026-02-29 00:00:00 UTC", "2026-04-31 00:00:00 UTC", "2026-11-26 24:00:00 UTC", "2026-11-26 08:60:00 UTC", "2026-11-26 08:24:60 UTC", "2026-11-26T08:24:18Z", ""])(
        "%s is not a server time",
        (value) => {
            expect(serverTimeToIso(value)).toBeUndefined();
            expect(serverTimeToIso(value)).toBeUndefined();
        },
    );
});
