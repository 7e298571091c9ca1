import { clusterNoLogParameter as policy } from "../../../../../components/catalog/controls/hpg-aud-03/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set log_parameter_max_length to 0 (or turn statement logging off), log_parameter_max_length_on_error to 0, and auto_explain.log_parameter_max_length to 0 where auto_explain logs";
const blocked = (problem: string) => [`mandatory [HPG-AUD-03] cluster parameter group 'cluster-params': ${problem}; ${FIX}`];

describe("hpg-aud-03-cluster-no-log-parameter", () => {
    it.each([
        ["the hardened group", {}],
        ["log_statement=all with bound values cut to 0", { log_statement: "all" }],
        ["statement logging off with bound values in full", { log_parameter_max_length: "-1" }],
    ])("passes %s", async (_case, changes) => {
        expect(await validateResource(policy, clusterParameterGroup(changes))).toEqual([]);
    });

    it.each(["aurora-postgresql16", "postgres16"])("blocks pgaudit.log_parameter left undeclared in a %s group: no AWS page states its default", async (family) => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.log_parameter": undefined }, family)))).toEqual([
            `mandatory [HPG-AUD-03] cluster parameter group 'cluster-params': pgaudit.log_parameter is not declared and the catalog has no confirmed RDS default for family '${family}'; declare it: set it to off (0)`,
        ]);
    });

    it("blocks pgaudit.log_parameter on", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.log_parameter": "1" })))).toEqual([
            "mandatory [HPG-AUD-03] cluster parameter group 'cluster-params': pgaudit.log_parameter is '1'; set it to off (0)",
        ]);
    });

    it("blocks log_statement=all with bound values logged", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ log_statement: "all", log_parameter_max_length: "-1" })))).toEqual(
            blocked("log_statement is 'all' while log_parameter_max_length is '-1', so each logged statement carries its bound values"),
        );
    });

    it("blocks bound values of failing statements", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ log_parameter_max_length_on_error: "-1" }, "postgres16")))).toEqual(
            blocked("log_parameter_max_length_on_error is '-1', so a failing statement logs its bound values"),
        );
    });

    it("passes bound-value settings left at PostgreSQL's defaults while statement logging is off (no route to the log)", async () => {
        expect(await validateResource(policy, clusterParameterGroup({ log_parameter_max_length: undefined, log_parameter_max_length_on_error: undefined }))).toEqual([]);
    });

    it("blocks log_statement=all with log_parameter_max_length left at PostgreSQL's default (-1: every bound value)", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ log_statement: "all", log_parameter_max_length: undefined })))).toHaveLength(1);
    });

    it("blocks an Aurora instance group that turns statement logging on without cutting bound values there", async () => {
        expect(lines(await validateResource(policy, auroraInstanceGroup({ log_statement: "all" })))).toEqual([
            `mandatory [HPG-AUD-03] Aurora instance parameter group 'member-params': declares log_statement but not log_min_duration_statement, log_min_duration_sample, log_statement_sample_rate, log_transaction_sample_rate, log_parameter_max_length, log_parameter_max_length_on_error, shared_preload_libraries, auto_explain.log_min_duration, auto_explain.log_parameter_max_length, which then come from the cluster's parameter group, judged apart; declare them here too: ${FIX}`,
        ]);
    });
});
