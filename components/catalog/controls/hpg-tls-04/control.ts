import { defineControl } from "../../control";

/** HPG-TLS-04: Clients verify the server. */
export const control = defineControl({
    id: "HPG-TLS-04",
    title: "Clients verify the server",
    requirement: "Automation connects to PostgreSQL with certificate verification (sslmode verify-full or verify-ca).",
    frameworks: { "SOC 2": ["CC6.7"], HIPAA: ["164.312(e)(1)", "164.312(d)"], "PCI DSS 4.0": ["4.2.1"], "NIST 800-53 r5": ["SC-8", "SC-23"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["postgresql provider sslmode = verify-full (or verify-ca) with the CA bundle in sslrootcert"],
    docs: ["https://www.postgresql.org/docs/current/libpq-ssl.html", "https://www.pulumi.com/registry/packages/postgresql/api-docs/provider/"],
});
