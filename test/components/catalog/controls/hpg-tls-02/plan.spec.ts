import { minTlsVersion as policy } from "../../../../../components/catalog/controls/hpg-tls-02/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-tls-02-min-tls-version", () => {
    it("passes the hardened group (TLSv1.2 declared), TLSv1.2 and TLSv1.3", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: "TLSv1.2" }))).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: "tlsv1.3" }))).toEqual([]);
    });

    it.each([["postgres14"], ["postgres15"], ["postgres16"], ["postgres17"]])(
        "blocks a %s group that leaves it undeclared: RDS's default (TLSv1.2 in PostgreSQL) is not confirmed by AWS",
        async (family) => {
            expect(lines(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: undefined }, family)))).toEqual([
                `mandatory [HPG-TLS-02] parameter group 'db-params': ssl_min_protocol_version is not declared and the catalog has no confirmed RDS default for family '${family}'; declare it: set it to TLSv1.2 or higher`,
            ]);
        },
    );

    it.each([["postgres16"], ["postgres17"]])("passes TLSv1.3 on %s", async (family) => {
        expect(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: "TLSv1.3" }, family))).toEqual([]);
    });

    it.each([["postgres14"], ["postgres15"]])("passes TLSv1.2 on %s", async (family) => {
        expect(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: "TLSv1.2" }, family))).toEqual([]);
    });

    it.each([["postgres14"], ["postgres15"]])("blocks TLSv1.3 on %s, where RDS has no TLS 1.3", async (family) => {
        expect(lines(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: "TLSv1.3" }, family)))).toEqual([
            `mandatory [HPG-TLS-02] parameter group 'db-params': ssl_min_protocol_version 'TLSv1.3' is not supported on ${family}: RDS supports TLS 1.3 only from PostgreSQL 16; set it to TLSv1.2, or use family postgres16 or postgres17`,
        ]);
    });

    it.each([["TLSv1.1"], ["TLSv1"], ["SSLv3"]])("blocks %s", async (version) => {
        expect(lines(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: version })))).toEqual([
            `mandatory [HPG-TLS-02] parameter group 'db-params': ssl_min_protocol_version is '${version}'; set it to TLSv1.2 or higher`,
        ]);
    });
});
