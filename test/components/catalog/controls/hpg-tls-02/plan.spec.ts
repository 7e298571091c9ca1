import { minTlsVersion as policy } from "../../../../../components/catalog/controls/hpg-tls-02/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-tls-02-min-tls-version", () => {
    it("passes the default (TLSv1.2), TLSv1.2 and TLSv1.3", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: "TLSv1.2" }))).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: "tlsv1.3" }))).toEqual([]);
    });

    it.each([["TLSv1.1"], ["TLSv1"], ["SSLv3"]])("blocks %s", async (version) => {
        expect(lines(await validateResource(policy, parameterGroup({ ssl_min_protocol_version: version })))).toEqual([
            `mandatory [HPG-TLS-02] parameter group 'db-params': ssl_min_protocol_version is '${version}'; set it to TLSv1.2 or higher`,
        ]);
    });
});
