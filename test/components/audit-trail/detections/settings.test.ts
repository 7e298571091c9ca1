import { DetectionSettingsError, defaultDetectionSettings, validateDetectionSettings } from "../../../../components/audit-trail";
import { DEFAULT_MIGRATOR_ROLES } from "../../../../components/catalog";

test("the defaults: the sample model's classified tables, the catalog's migrators, private ranges and loopback", () => {
    const d = defaultDetectionSettings();
    expect(d.classifiedTables).toEqual(["app.patients", "app.appointments"]);
    expect(d.migratorRoles).toEqual([...DEFAULT_MIGRATOR_ROLES]);
    expect(d.allowedCidrs).toEqual(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "127.0.0.1/32", "::1/128"]);
    expect(d.bulkRead).toEqual({ rowsPerStatement: 1000, rowsPerPersonPerWindow: 5000, windowMinutes: 60 });
    expect(d.businessHours).toEqual({ timeZone: "UTC", days: [1, 2, 3, 4, 5], start: "07:00", end: "19:00", holidays: [] });
    expect(d.failedAuth).toEqual({ attempts: 5, windowMinutes: 5 });
    expect(d.auditGap).toEqual({ maxSilenceMinutes: 60 });
});

test("no settings, or an empty object, are the defaults", () => {
    expect(validateDetectionSettings(undefined)).toEqual(defaultDetectionSettings());
    expect(validateDetectionSettings({})).toEqual(defaultDetectionSettings());
});

test("given fields replace their default; nested objects merge field by field", () => {
    const s = validateDetectionSettings({
        classifiedTables: ["clinic.notes"],
        allowedCidrs: ["127.0.0.1/32", "2001:db8::/32"],
        bulkRead: { rowsPerStatement: 50 },
        businessHours: { timeZone: "America/New_York", holidays: ["2026-12-25"] },
    });
    expect(s.classifiedTables).toEqual(["clinic.notes"]);
    expect(s.allowedCidrs).toEqual(["127.0.0.1/32", "2001:db8::/32"]);
    expect(s.bulkRead).toEqual({ rowsPerStatement: 50, rowsPerPersonPerWindow: 5000, windowMinutes: 60 });
    expect(s.businessHours).toEqual({ timeZone: "America/New_York", days: [1, 2, 3, 4, 5], start: "07:00", end: "19:00", holidays: ["2026-12-25"] });
    expect(s.migratorRoles).toEqual(defaultDetectionSettings().migratorRoles);
});

test("a working day can end at midnight (24:00)", () => {
    expect(validateDetectionSettings({ businessHours: { start: "00:00", end: "24:00" } }).businessHours.end).toBe("24:00");
});

test.each([
    ["not an object", "x", '[settings] is "x"; it must be an object'],
    ["an unknown field", { bulkReads: {} }, "[bulkReads] is not a detection setting; allowed: classifiedTables, migratorRoles, allowedCidrs, bulkRead, businessHours, failedAuth, auditGap"],
    ["an unknown nested field", { bulkRead: { rows: 1 } }, "[bulkRead.rows] is not a detection setting; allowed: rowsPerStatement, rowsPerPersonPerWindow, windowMinutes"],
    ["a table without its schema", { classifiedTables: ["patients"] }, '[classifiedTables[0]] is "patients"; it must be a schema-qualified table as pgaudit writes it, e.g. "app.patients"'],
    ["a list that isn't one", { migratorRoles: "svc_migrate" }, '[migratorRoles] is "svc_migrate"; it must be a list of strings'],
    ["a role with a quote", { migratorRoles: ['a"b'] }, '[migratorRoles[0]] is "a\\"b"; it must be a role name of 1 to 63 characters without spaces or quotes'],
    ["an address, not a CIDR", { allowedCidrs: ["10.0.0.1"] }, '[allowedCidrs[0]] is "10.0.0.1"; it must be an IPv4 or IPv6 CIDR, e.g. "10.0.0.0/8" or "fd00::/8"'],
    ["a prefix too long", { allowedCidrs: ["::1/129"] }, '[allowedCidrs[0]] is "::1/129"; it must be an IPv4 or IPv6 CIDR, e.g. "10.0.0.0/8" or "fd00::/8"'],
    ["a zero threshold", { bulkRead: { rowsPerStatement: 0 } }, "[bulkRead.rowsPerStatement] is 0; it must be a whole number ≥ 1"],
    ["a fractional window", { failedAuth: { windowMinutes: 1.5 } }, "[failedAuth.windowMinutes] is 1.5; it must be a whole number ≥ 1"],
    ["a text number", { auditGap: { maxSilenceMinutes: "60" } }, '[auditGap.maxSilenceMinutes] is "60"; it must be a whole number ≥ 1'],
    ["an unknown time zone", { businessHours: { timeZone: "Mars/Olympus" } }, '[businessHours.timeZone] is "Mars/Olympus"; it must be an IANA time zone name, e.g. "America/New_York"'],
    ["weekday 0", { businessHours: { days: [0, 1] } }, "[businessHours.days] is [0,1]; it must be a non-empty list of distinct ISO weekdays, 1 = Monday … 7 = Sunday"],
    ["no weekdays", { businessHours: { days: [] } }, "[businessHours.days] is []; it must be a non-empty list of distinct ISO weekdays, 1 = Monday … 7 = Sunday"],
    ["a clock time without minutes", { businessHours: { start: "7" } }, '[businessHours.start] is "7"; it must be a local time "HH:MM" from 00:00 to 24:00'],
    ["an end before the start", { businessHours: { start: "19:00", end: "07:00" } }, '[businessHours.end] is "07:00"; it must be later than [businessHours.start] "19:00" on the same day'],
    ["an impossible holiday", { businessHours: { holidays: ["2026-02-30"] } }, '[businessHours.holidays[0]] is "2026-02-30"; it must be a local date "YYYY-MM-DD"'],
])("refuses %s, naming the field, the value and what is allowed", (_what, input, message) => {
    expect(() => validateDetectionSettings(input)).toThrow(new DetectionSettingsError(message));
});
