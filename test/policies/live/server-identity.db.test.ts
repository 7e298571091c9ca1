import { collectEvidence, renderEvidenceMarkdown, verifyServer } from "../../../policies/live";
import { formatVerifyReport } from "../../../infra/cli/commands/verify-output";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../support/live-cluster";

/**
 * A report or bundle names a server; only sslmode=verify-full proves that server answered (HPG-TLS-04). Over any
 * weaker mode, `verify` and `evidence` still run, on a real PostgreSQL over TLS, but mark every output
 * "server identity not verified".
 */
let db: ProvisionedCluster;
const auditor = roleOf("auditor");

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

/** The auditor's verify-full URL with its sslmode (and optionally its root certificate) replaced. */
function urlWith(sslMode: string, keepRootCert: boolean): string {
    const u = new URL(db.url(auditor));
    u.searchParams.set("sslmode", sslMode);
    if (!keepRootCert) {
        u.searchParams.delete("sslrootcert");
    }
    return u.toString();
}

test("verify-full: the report says the server identity was verified, and carries no warning", async () => {
    const report = await verifyServer(db.url(auditor));
    expect(report.serverIdentity).toMatchObject({ verified: true, sslMode: "verify-full" });
    expect(formatVerifyReport(report)).not.toContain("WARNING");
    const bundle = await collectEvidence(db.url(auditor));
    expect(bundle.summary.serverIdentityVerified).toBe(true);
    expect(renderEvidenceMarkdown(bundle)).not.toContain("Server identity not verified");
});

test.each([
    ["require", false, "neither the certificate nor the host name was checked"],
    ["require", true, "the certificate chain was checked but not the host name"],
    ["verify-ca", true, "the certificate chain was checked but not the host name"],
])("sslmode=%s (root certificate given: %s): report, text output and bundle are marked 'server identity not verified'", async (mode, keepRootCert, why) => {
    const report = await verifyServer(urlWith(mode, keepRootCert));
    // The session really was encrypted: the mark is about who answered, not about encryption.
    expect(report.server.ssl).toBe(true);
    expect(report.serverIdentity.verified).toBe(false);
    expect(report.serverIdentity.detail).toContain(why);
    const text = formatVerifyReport(report);
    expect(text).toContain("WARNING server identity not verified");
    const bundle = await collectEvidence(urlWith(mode, keepRootCert));
    expect(bundle.summary.serverIdentityVerified).toBe(false);
    expect(bundle.serverIdentity.verified).toBe(false);
    const markdown = renderEvidenceMarkdown(bundle);
    expect(markdown).toContain("> **Server identity not verified.**");
    expect(markdown).toContain(why);
});
