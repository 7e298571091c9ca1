import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Validity of the local CA and server certificate: 825 days, the most Apple clients accept for a TLS server. */
export const CERT_VALIDITY_DAYS = 825;
/** Renew the server certificate when it expires within this many seconds (30 days). */
const RENEW_WITHIN_SECONDS = 30 * 24 * 3600;

/** Files of the local TLS directory. */
export interface TlsFiles {
    caCert: string;
    caKey: string;
    serverCert: string;
    serverKey: string;
}

export function tlsFiles(tlsDir: string): TlsFiles {
    return {
        caCert: path.join(tlsDir, "ca.crt"),
        caKey: path.join(tlsDir, "ca.key"),
        serverCert: path.join(tlsDir, "server.crt"),
        serverKey: path.join(tlsDir, "server.key"),
    };
}

function openssl(args: string[], cwd: string): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile("openssl", args, { cwd }, (error, stdout, stderr) => {
            if (error) {
                reject(new Error(`openssl ${args[0]} failed: ${String(stderr).trim() || error.message}`));
                return;
            }
            resolve(String(stdout));
        });
    });
}

/** P-256 keys: as strong as RSA-3072 for TLS, and generated in milliseconds. */
const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/**
 * A local CA and a server certificate for `localhost` and 127.0.0.1 signed by it, created only when missing
 * (the server certificate is also re-issued when it is about to expire). Keys are 0600 (PostgreSQL refuses a
 * group- or world-readable server key).
 */
export async function ensureTlsCertificates(tlsDir: string): Promise<TlsFiles> {
    fs.mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
    const files = tlsFiles(tlsDir);
    if (!fs.existsSync(files.caCert) || !fs.existsSync(files.caKey)) {
        await openssl(
            [
                "req", "-x509", "-new", ...EC_KEY, "-keyout", files.caKey, "-out", files.caCert, "-days", String(CERT_VALIDITY_DAYS),
                "-subj", "/CN=hardened-postgres local CA",
                "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ],
            tlsDir,
        );
        fs.rmSync(files.serverCert, { force: true });
    }
    if (!fs.existsSync(files.serverCert) || !fs.existsSync(files.serverKey) || !(await validFor(files.serverCert, RENEW_WITHIN_SECONDS, tlsDir))) {
        await issueServerCertificate(files, tlsDir);
    }
    for (const key of [files.caKey, files.serverKey]) {
        fs.chmodSync(key, 0o600);
    }
    for (const cert of [files.caCert, files.serverCert]) {
        fs.chmodSync(cert, 0o644);
    }
    return files;
}

async function validFor(cert: string, seconds: number, cwd: string): Promise<boolean> {
    try {
        await openssl(["x509", "-checkend", String(seconds), "-noout", "-in", cert], cwd);
        return true;
    } catch {
        return false;
    }
}

async function issueServerCertificate(files: TlsFiles, tlsDir: string): Promise<void> {
    const csr = path.join(tlsDir, "server.csr");
    const ext = path.join(tlsDir, "server.ext");
    // verify-full checks the host name against the SAN: clients connect to 127.0.0.1 (IP check) or localhost (DNS check).
    fs.writeFileSync(
        ext,
        ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth", "subjectAltName=DNS:localhost,IP:127.0.0.1"].join("\n") + "\n",
    );
    try {
        await openssl(["req", "-new", ...EC_KEY, "-keyout", files.serverKey, "-out", csr, "-subj", "/CN=localhost"], tlsDir);
        fs.chmodSync(files.serverKey, 0o600);
        await openssl(
            ["x509", "-req", "-in", csr, "-CA", files.caCert, "-CAkey", files.caKey, "-set_serial", `0x${randomSerial()}`, "-days", String(CERT_VALIDITY_DAYS), "-sha256", "-extfile", ext, "-out", files.serverCert],
            tlsDir,
        );
    } finally {
        fs.rmSync(csr, { force: true });
        fs.rmSync(ext, { force: true });
    }
}

function randomSerial(): string {
    // A positive 64-bit serial: RFC 5280 wants unique, unpredictable serials.
    const bytes = crypto.randomBytes(8);
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    return bytes.toString("hex");
}
