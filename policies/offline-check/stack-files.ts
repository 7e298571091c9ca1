import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/**
 * A stack file's `config:` as the engine hands it to a program: every value a string, structured
 * values JSON-encoded. Secure (encrypted) values can't be read offline and are refused by name.
 */
export function loadStackConfig(file: string): Record<string, string> {
    let doc: { config?: Record<string, unknown> } | undefined;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8")) as typeof doc;
    } catch (e) {
        if (e instanceof yaml.YAMLException) {
            // Name the file and the line, as a user's editor counts them (js-yaml counts from 0).
            throw new Error(`${file}:${e.mark.line + 1}:${e.mark.column + 1}: not valid YAML: ${e.reason}`);
        }
        throw e;
    }
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        if (typeof value === "object" && value !== null && "secure" in value) {
            throw new Error(`${path.basename(file)}: '${key}' is an encrypted secret; offline runs cannot decrypt it`);
        }
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}
