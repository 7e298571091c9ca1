import { forceSsl as policy } from "../../../../../components/catalog/controls/hpg-tls-01/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-tls-01-force-ssl", () => {
    it("passes the postgres15+ default (1) and an explicit 1", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ "rds.force_ssl": "1" }, "postgres15"))).toEqual([]);
    });

    it("blocks rds.force_ssl=0", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ "rds.force_ssl": "0" })))).toEqual([
            "mandatory [HPG-TLS-01] parameter group 'db-params': rds.force_ssl is '0'; set it to on (1)",
        ]);
    });

    it("passes a postgres14 group that sets rds.force_ssl=1", async () => {
        expect(await validateResource(policy, parameterGroup({ "rds.force_ssl": "1" }, "postgres14"))).toEqual([]);
    });

    it("blocks a postgres14 group that leaves rds.force_ssl at RDS's default there, 0 (1 only from postgres15)", async () => {
        expect(lines(await validateResource(policy, parameterGroup({}, "postgres14")))).toEqual([
            "mandatory [HPG-TLS-01] parameter group 'db-params': rds.force_ssl is not declared, so it is the postgres14 default '0'; set it to on (1)",
        ]);
    });

    it("blocks an undeclared rds.force_ssl in a family whose default the catalog doesn't know", async () => {
        expect(lines(await validateResource(policy, parameterGroup({}, "postgres13")))).toEqual([
            "mandatory [HPG-TLS-01] parameter group 'db-params': rds.force_ssl is not declared and the catalog has no confirmed RDS default for family 'postgres13'; declare it: set it to on (1)",
        ]);
    });

    it("does not judge non-PostgreSQL families", async () => {
        expect(await validateResource(policy, parameterGroup({ "rds.force_ssl": "0" }, "aurora-postgresql16"))).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ "rds.force_ssl": "0" }, "mysql8.0"))).toEqual([]);
    });

    it("can't run during preview while a parameter value is unknown", async () => {
        expect(lines(await validateResource(policy, parameterGroup({ "rds.force_ssl": UNKNOWN.string })))).toEqual([
            cantRunDuringPreview("hpg-tls-01-force-ssl", "string value at .parameters.10.value"),
        ]);
    });
});
