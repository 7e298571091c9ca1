import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/**
 * A stack file's `config:` as the engine hands it to a program: every value a string, structured
 * values JSON-encoded. Secure (encrypted) values can't be read offline and are refused by name.
 */
export function loadStackConfig(file: string): Record<string, string> {
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | undefined;
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        if (typeof value === "object" && value !== null && "secure" in value) {
            throw new Error(`${path.basename(file)}: '${key}' is an encrypted secret; offline runs cannot decrypt it`);
        }
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}
