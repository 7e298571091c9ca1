import { noLogParameter as policy } from "../../../../../components/catalog/controls/hpg-aud-03/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const STATEMENT_LOGGING_FIX =
    "set log_parameter_max_length to 0 (or turn statement logging off), log_parameter_max_length_on_error to 0, and auto_explain.log_parameter_max_length to 0 where auto_explain logs";
const blocked = (problem: string) => [`mandatory [HPG-AUD-03] parameter group 'db-params': ${problem}; ${STATEMENT_LOGGING_FIX}`];
const CARRIES = "so each logged statement carries its bound values";

describe("hpg-aud-03-no-log-parameter: pgaudit.log_parameter", () => {
    it("passes a declared off, in either spelling", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ "pgaudit.log_parameter": "off" }))).toEqual([]);
    });

    it.each(["postgres14", "postgres15", "postgres16", "postgres17"])("blocks a %s group that doesn't declare it (RDS's default is unconfirmed)", async (family) => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.log_parameter": undefined }, family)))).toEqual([
            `mandatory [HPG-AUD-03] parameter group 'db-params': pgaudit.log_parameter is not declared and the catalog has no confirmed RDS default for family '${family}'; declare it: set it to off (0)`,
        ]);
    });

    it.each(["1", "on"])("blocks pgaudit.log_parameter=%s", async (value) => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.log_parameter": value })))).toEqual([
            `mandatory [HPG-AUD-03] parameter group 'db-params': pgaudit.log_parameter is '${value}'; set it to off (0)`,
        ]);
    });
});

describe("hpg-aud-03-no-log-parameter: statement logging", () => {
    it.each([
        ["the family defaults (statement logging off)", {}],
        ["log_statement=ddl", { log_statement: "ddl" }],
        ["log_statement=all with bound values cut to 0", { log_statement: "all", log_parameter_max_length: "0" }],
        ["slow-statement logging with bound values cut to 0", { log_min_duration_statement: "500ms", log_parameter_max_length: "0" }],
        ["duration sampling at rate 0", { log_min_duration_sample: "100", log_statement_sample_rate: "0" }],
        ["auto_explain loaded but not logging", { shared_preload_libraries: "pg_stat_statements,pgaudit,auto_explain" }],
        ["auto_explain logging with its bound values cut", { shared_preload_libraries: "pgaudit,auto_explain", "auto_explain.log_min_duration": "1000", "auto_explain.log_parameter_max_length": "0" }],
    ])("passes %s", async (_case, changes) => {
        expect(await validateResource(policy, parameterGroup(changes))).toEqual([]);
    });

    it.each([
        ["log_statement=all", { log_statement: "all" }, `log_statement is 'all' while log_parameter_max_length is '-1', ${CARRIES}`],
        ["log_statement=mod", { log_statement: "MOD" }, `log_statement is 'mod' while log_parameter_max_length is '-1', ${CARRIES}`],
        ["log_statement=all with a 64-byte cut", { log_statement: "all", log_parameter_max_length: "64" }, `log_statement is 'all' while log_parameter_max_length is '64', ${CARRIES}`],
        ["slow-statement logging", { log_min_duration_statement: "0" }, `log_min_duration_statement is '0' while log_parameter_max_length is '-1', ${CARRIES}`],
        [
            "duration sampling",
            { log_min_duration_sample: "100", log_statement_sample_rate: "0.5" },
            `log_min_duration_sample is '100' with log_statement_sample_rate '0.5' while log_parameter_max_length is '-1', ${CARRIES}`,
        ],
        ["transaction sampling", { log_transaction_sample_rate: "0.01" }, `log_transaction_sample_rate is '0.01' while log_parameter_max_length is '-1', ${CARRIES}`],
        ["bound values of failing statements", { log_parameter_max_length_on_error: "-1" }, "log_parameter_max_length_on_error is '-1', so a failing statement logs its bound values"],
        [
            "auto_explain logging plans with bound values",
            { shared_preload_libraries: "pgaudit,auto_explain", "auto_explain.log_min_duration": "0" },
            "auto_explain logs plans of statements over '0' with auto_explain.log_parameter_max_length '-1', so the plans carry bound values",
        ],
    ])("blocks %s", async (_case, changes, problem) => {
        expect(lines(await validateResource(policy, parameterGroup(changes)))).toEqual(blocked(problem));
    });

    it("names every route when several are on", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ log_statement: "all", log_min_duration_statement: "250" })))).toEqual(
            blocked(`log_statement is 'all' and log_min_duration_statement is '250' while log_parameter_max_length is '-1', ${CARRIES}`),
        );
    });

    it("fails closed on a family the catalog has no defaults for, unless every setting it reads is declared", async () => {
        // The hardened group declares pgaudit.log_parameter and shared_preload_libraries; the other statement-logging settings are unknown.
        expect(lines(await validateResource(policy, parameterGroup({}, "postgres99")))).toEqual(
            blocked(
                "log_statement, log_min_duration_statement, log_min_duration_sample, log_statement_sample_rate, log_transaction_sample_rate, log_parameter_max_length, log_parameter_max_length_on_error, auto_explain.log_min_duration, auto_explain.log_parameter_max_length not declared and the catalog has no confirmed RDS default for family 'postgres99'",
            ).map((l) => l.replace(`; ${STATEMENT_LOGGING_FIX}`, `; declare them: ${STATEMENT_LOGGING_FIX}`)),
        );
    });
});
