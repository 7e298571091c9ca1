import { clientSslmode as policy } from "../../../../../components/catalog/controls/hpg-tls-04/plan";
import { postgresqlProvider, role } from "../../../../support/policy-fixtures";
import { lines, validateStack } from "../../../../support/policy-harness";

const FIX = "set sslmode to verify-full (or verify-ca) with sslrootcert set to the RDS CA bundle";

describe("hpg-tls-04-client-sslmode", () => {
    it.each(["verify-full", "verify-ca"])("passes sslmode %s", async (sslmode) => {
        expect(await validateStack(policy, [postgresqlProvider("pg", { host: "db", sslmode, sslrootcert: "/etc/rds-ca.pem" })])).toEqual([]);
    });

    it.each(["disable", "allow", "prefer", "require"])("blocks sslmode %s", async (sslmode) => {
        expect(lines(await validateStack(policy, [postgresqlProvider("pg", { host: "db", sslmode })]))).toEqual([
            `mandatory [HPG-TLS-04] postgresql provider 'pg': sslmode is '${sslmode}', so the client does not verify the server; ${FIX}`,
        ]);
    });

    it("blocks a default provider without sslmode (config postgresql:sslmode unset)", async () => {
        expect(lines(await validateStack(policy, [role("app", { name: "app" }), postgresqlProvider("default_3_18_1", { version: "3.18.1" })]))).toEqual([
            `mandatory [HPG-TLS-04] postgresql provider 'default_3_18_1': sslmode is not set, so the client does not verify the server; ${FIX}`,
        ]);
    });

    it("reads the deprecated sslMode spelling too", async () => {
        expect(await validateStack(policy, [postgresqlProvider("pg", { sslMode: "verify-full" })])).toEqual([]);
    });
});
