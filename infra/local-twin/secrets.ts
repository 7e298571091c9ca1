import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** `<dataDir>/secrets`: 0700, files 0600, owned by whoever runs the library (not the server's OS user). */
export function secretsDir(dataDir: string): string {
    return path.join(dataDir, "secrets");
}

/** A random password: 32 URL-safe characters (192 bits). */
export function generatePassword(): string {
    return crypto.randomBytes(24).toString("base64url");
}

function secretFile(dataDir: string, name: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith(".")) {
        throw new Error(`invalid secret name '${name}'`);
    }
    return path.join(secretsDir(dataDir), name);
}

/** The secret `name`, or undefined when it does not exist. */
export function readSecret(dataDir: string, name: string): string | undefined {
    const file = secretFile(dataDir, name);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

/** The secret `name`, generated and stored (0600) the first time. */
export function readOrCreateSecret(dataDir: string, name: string): string {
    const existing = readSecret(dataDir, name);
    if (existing !== undefined) {
        return existing;
    }
    fs.mkdirSync(secretsDir(dataDir), { recursive: true, mode: 0o700 });
    fs.chmodSync(secretsDir(dataDir), 0o700);
    const value = generatePassword();
    fs.writeFileSync(secretFile(dataDir, name), value + "\n", { mode: 0o600, flag: "wx" });
    return value;
}

/** File name of a role's password: role names may hold any character, file names may not. */
export function rolePasswordSecretName(role: string): string {
    return `role-${Buffer.from(role, "utf8").toString("hex")}.password`;
}
