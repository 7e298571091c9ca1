import { logConnections as policy } from "../../../../../components/catalog/controls/hpg-aud-04/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-04-log-connections", () => {
    it("passes connections and disconnections logged", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
    });

    it.each([
        ["connections not logged", { log_connections: "0" }, "log_connections is '0'; set it to on (1)"],
        ["log_connections not declared (RDS's default is unconfirmed)", { log_connections: undefined }, "log_connections is not declared and the catalog has no confirmed RDS default for family 'postgres16'; declare it: set it to on (1)"],
        ["disconnections not logged", { log_disconnections: "off" }, "log_disconnections is 'off'; set it to on (1)"],
    ])("blocks %s", async (_case, changes, expected) => {
        expect(lines(await validateResource(policy, parameterGroup(changes)))).toEqual([`mandatory [HPG-AUD-04] parameter group 'db-params': ${expected}`]);
    });
});
