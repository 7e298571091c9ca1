import { logRows as policy } from "../../../../../components/catalog/controls/hpg-aud-07/plan";
import { FAMILIES } from "../../../../../components/catalog";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-07-log-rows: pgaudit.log_rows", () => {
    it.each(FAMILIES)("passes pgaudit.log_rows=1 on %s (pgaudit 1.6 and later have it)", async (family) => {
        expect(await validateResource(policy, parameterGroup({}, family))).toEqual([]);
    });

    it("passes the other spellings of on", async () => {
        expect(await validateResource(policy, parameterGroup({ "pgaudit.log_rows": "on" }))).toEqual([]);
    });

    it("blocks pgaudit.log_rows not declared (RDS's default is unconfirmed)", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.log_rows": undefined })))).toEqual([
            "mandatory [HPG-AUD-07] parameter group 'db-params': pgaudit.log_rows is not declared and the catalog has no confirmed RDS default for family 'postgres16'; declare it: set it to on (1)",
        ]);
    });

    it("blocks pgaudit.log_rows=0", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.log_rows": "0" })))).toEqual([
            "mandatory [HPG-AUD-07] parameter group 'db-params': pgaudit.log_rows is '0'; set it to on (1)",
        ]);
    });
});

describe("hpg-aud-07-log-rows: CONTEXT lines in the log", () => {
    it.each(["default", "verbose"])("passes log_error_verbosity=%s", async (value) => {
        expect(await validateResource(policy, parameterGroup({ log_error_verbosity: value }))).toEqual([]);
    });

    it("blocks log_error_verbosity=terse", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ log_error_verbosity: "terse" })))).toEqual([
            "mandatory [HPG-AUD-07] parameter group 'db-params': log_error_verbosity is 'terse', which drops the CONTEXT lines that prove a context record came from hpg.set_actor, so no audit record can be attributed; set log_error_verbosity to default (or verbose)",
        ]);
    });
});
