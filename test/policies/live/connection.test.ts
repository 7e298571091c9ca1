import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LiveConnectionError, parseInspectionUrl, redactUrl } from "../../../policies/live";

let ca: string;
beforeAll(() => {
    ca = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hpg-ca-")), "ca.crt");
    fs.writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n");
});
afterAll(() => {
    fs.rmSync(path.dirname(ca), { recursive: true, force: true });
});

test("a libpq URL becomes a TLS client configuration; the target never holds the password", () => {
    const c = parseInspectionUrl(`postgresql://svc_audit:s3cr%40t@db.example.com:6543/app?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`);
    expect(c.config).toMatchObject({ host: "db.example.com", port: 6543, user: "svc_audit", password: "s3cr@t", database: "app", ssl: { rejectUnauthorized: true } });
    expect((c.config.ssl as { ca: string }).ca).toContain("BEGIN CERTIFICATE");
    expect(c.target).toEqual({ redactedUrl: `postgresql://svc_audit@db.example.com:6543/app?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`, host: "db.example.com", port: 6543, database: "app", user: "svc_audit" });
    expect(JSON.stringify(c.target)).not.toContain("s3cr");
});

test("sslmode defaults to verify-full (libpq's prefer would fall back to plaintext); disable turns TLS off", () => {
    expect(parseInspectionUrl("postgresql://u:p@h/db").config.ssl).toEqual({ rejectUnauthorized: true });
    expect(parseInspectionUrl("postgresql://u:p@h/db").sslMode).toBe("verify-full");
    expect(parseInspectionUrl("postgresql://u:p@h/db?sslmode=disable").config.ssl).toBe(false);
    expect(parseInspectionUrl("postgresql://u:p@h/db?sslmode=require").config.ssl).toEqual({ rejectUnauthorized: false });
});

test("defaults: port 5432, database = user; the password may come from PGPASSWORD", () => {
    const c = parseInspectionUrl("postgres://auditor@10.0.0.5", { PGPASSWORD: "from-env" });
    expect(c.config).toMatchObject({ host: "10.0.0.5", port: 5432, database: "auditor", password: "from-env" });
});

test("the password is removed from userinfo and from a password= parameter", () => {
    expect(redactUrl("postgresql://u:secret@h:5/db?password=other&sslmode=verify-full")).toBe("postgresql://u@h:5/db?sslmode=verify-full");
    expect(redactUrl("host=h password=secret")).toBe("<unparseable DSN>");
});

test.each([
    ["not a url", /^bad DSN: not a URL; expected postgresql:\/\//],
    ["http://u:p@h/db", /^bad DSN: scheme 'http' is not postgresql/],
    ["postgresql://h/db", /^bad DSN: no user/],
    ["postgresql://u@h:99999/db", /^bad DSN: port '99999' is not a TCP port|^bad DSN: not a URL/],
    ["postgresql://u@h/db?sslmode=prefer", /^bad DSN: sslmode 'prefer' is not supported \(use one of: disable, require, verify-ca, verify-full\)$/],
    ["postgresql://u@h/db?sslmode=verify-ca", /^bad DSN: sslmode=verify-ca needs sslrootcert=<CA file>$/],
    ["postgresql://u@h/db?sslrootcert=/nonexistent/ca.pem", /^bad DSN: cannot read sslrootcert '\/nonexistent\/ca.pem': ENOENT$/],
    ["postgresql://u@h/db?options=-c%20x", /^bad DSN: unsupported parameter 'options'/],
])("%s is refused with a clear message", (url, message) => {
    expect(() => parseInspectionUrl(url)).toThrow(LiveConnectionError);
    expect(() => parseInspectionUrl(url)).toThrow(message);
});
