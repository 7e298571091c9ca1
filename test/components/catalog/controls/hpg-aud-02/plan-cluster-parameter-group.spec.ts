import { clusterPgauditLogClasses as policy } from "../../../../../components/catalog/controls/hpg-aud-02/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const CLASSES_FIX = "set it to classes covering ddl, write, role (e.g. 'ddl,write,role' or 'all')";
const ROUTING_FIX = "keep log_min_messages at warning (or any level up to error), pgaudit.log_client off (or pgaudit.log_level at log), and log_destination on stderr, csvlog or jsonlog";

describe("hpg-aud-02-cluster-pgaudit-log-classes", () => {
    it.each(["ddl,write,role", "all", "ALL, -misc"])("passes pgaudit.log '%s'", async (value) => {
        expect(await validateResource(policy, clusterParameterGroup({ "pgaudit.log": value }))).toEqual([]);
    });

    it("blocks pgaudit.log missing a class", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.log": "ddl,write" })))).toEqual([
            `mandatory [HPG-AUD-02] cluster parameter group 'cluster-params': pgaudit.log is 'ddl,write'; ${CLASSES_FIX}`,
        ]);
    });

    it("blocks an undeclared pgaudit.log: pgaudit's default is none", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.log": undefined })))).toEqual([
            `mandatory [HPG-AUD-02] cluster parameter group 'cluster-params': pgaudit.log is not declared, so it is the aurora-postgresql16 default 'none'; ${CLASSES_FIX}`,
        ]);
    });

    it("blocks log_min_messages that drops the audit records", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ log_min_messages: "fatal" })))).toEqual([
            `mandatory [HPG-AUD-02] cluster parameter group 'cluster-params': pgaudit writes its records at LOG while log_min_messages is 'fatal', so the server log drops every audit record; ${ROUTING_FIX}`,
        ]);
    });

    it("passes log_min_messages and log_destination left at PostgreSQL's defaults (warning, stderr), which route every record to the log", async () => {
        expect(await validateResource(policy, clusterParameterGroup({ log_min_messages: undefined, log_destination: undefined }))).toEqual([]);
    });

    it("asks an Aurora instance group that touches the routing to declare it in full", async () => {
        expect(await validateResource(policy, auroraInstanceGroup({ log_min_messages: "warning", "pgaudit.log_client": "0", "pgaudit.log_level": "log", log_destination: "stderr" }))).toEqual([]);
        expect(lines(await validateResource(policy, auroraInstanceGroup({ log_min_messages: "panic", "pgaudit.log_client": "0", "pgaudit.log_level": "log", log_destination: "stderr" })))).toEqual([
            `mandatory [HPG-AUD-02] Aurora instance parameter group 'member-params': pgaudit writes its records at LOG while log_min_messages is 'panic', so the server log drops every audit record; ${ROUTING_FIX}`,
        ]);
        expect(lines(await validateResource(policy, auroraInstanceGroup({ log_min_messages: "warning" })))).toEqual([
            `mandatory [HPG-AUD-02] Aurora instance parameter group 'member-params': declares log_min_messages but not pgaudit.log_client, pgaudit.log_level, log_destination, which then come from the cluster's parameter group, judged apart; declare them here too: ${ROUTING_FIX}`,
        ]);
    });
});
