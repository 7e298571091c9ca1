import { pgauditLogClasses as policy } from "../../../../../components/catalog/controls/hpg-aud-02/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set it to classes covering ddl, write, role (e.g. 'ddl,write,role' or 'all')";

describe("hpg-aud-02-pgaudit-log-classes", () => {
    it.each(["ddl,write,role", "role, write ,DDL", "all", "all,-read", "read,write,ddl,role,misc"])("passes '%s'", async (value) => {
        expect(await validateResource(policy, parameterGroup({ "pgaudit.log": value }))).toEqual([]);
    });

    it.each([
        ["no declaration (RDS's default is unconfirmed)", undefined, `pgaudit.log is not declared and the catalog has no confirmed RDS default for family 'postgres16'; declare it: ${FIX}`],
        ["a missing class", "ddl,write", `pgaudit.log is 'ddl,write'; ${FIX}`],
        ["'all' with a required class subtracted", "all,-role", `pgaudit.log is 'all,-role'; ${FIX}`],
        ["an unknown class (pgaudit rejects the value)", "ddl,write,role,everything", `pgaudit.log is 'ddl,write,role,everything'; ${FIX}`],
    ])("blocks %s", async (_case, value, expected) => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.log": value })))).toEqual([`mandatory [HPG-AUD-02] parameter group 'db-params': ${expected}`]);
    });
});

describe("hpg-aud-02-pgaudit-log-classes: records reach the server log", () => {
    const ROUTING_FIX =
        "keep log_min_messages at warning (or any level up to error), pgaudit.log_client off (or pgaudit.log_level at log), and log_destination on stderr, csvlog or jsonlog";
    it.each([
        ["the family defaults", {}],
        ["log_min_messages=error", { log_min_messages: "error" }],
        ["records also sent to the client at LOG", { "pgaudit.log_client": "1", "pgaudit.log_level": "log" }],
        ["pgaudit.log_level=notice while log_client is off (ignored by pgaudit)", { "pgaudit.log_level": "notice" }],
        ["notice-level records with log_min_messages=notice", { "pgaudit.log_client": "on", "pgaudit.log_level": "notice", log_min_messages: "notice" }],
        ["csvlog", { log_destination: "csvlog" }],
    ])("passes %s", async (_case, changes) => {
        expect(await validateResource(policy, parameterGroup(changes))).toEqual([]);
    });

    it.each([
        ["log_min_messages=fatal", { log_min_messages: "fatal" }, "pgaudit writes its records at LOG while log_min_messages is 'fatal', so the server log drops every audit record"],
        [
            "records diverted to the client at NOTICE",
            { "pgaudit.log_client": "on", "pgaudit.log_level": "notice" },
            "pgaudit.log_client is on and pgaudit.log_level is 'notice' while log_min_messages is 'warning', so the server log drops every audit record",
        ],
        ["logs sent to syslog only", { log_destination: "syslog" }, "log_destination is 'syslog', so audit records leave the server's log files"],
    ])("blocks %s", async (_case, changes, problem) => {
        expect(lines(await validateResource(policy, parameterGroup(changes)))).toEqual([`mandatory [HPG-AUD-02] parameter group 'db-params': ${problem}; ${ROUTING_FIX}`]);
    });
});
