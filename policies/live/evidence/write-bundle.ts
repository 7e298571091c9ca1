import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { EvidenceBundle } from "./bundle";
import { renderEvidenceMarkdown } from "./markdown";

/** The manifest's name: `sha256sum -c SHA256SUMS` checks the bundle. */
export const MANIFEST_FILE = "SHA256SUMS";

/** Where a bundle was written. */
export interface WrittenBundle {
    dir: string;
    json: string;
    markdown: string;
    manifest: string;
    /** File name → SHA-256 (hex), as the manifest lists them. */
    hashes: Record<string, string>;
}

/** `2025-01-31T12:34:56.789Z` → `20250131T123456Z`: sortable, and safe in file names on every OS. */
export function evidenceStamp(iso: string): string {
    return iso.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

export function sha256(content: string | Buffer): string {
    return crypto.createHash("sha256").update(content).digest("hex");
}

/** `<root>/<stamp>`, or `<stamp>-2`, `-3`, … when a bundle of the same second exists: bundles are never overwritten. */
function freshDirectory(root: string, stamp: string): string {
    for (let n = 1; ; n++) {
        const dir = path.join(root, n === 1 ? stamp : `${stamp}-${n}`);
        try {
            fs.mkdirSync(dir, { mode: 0o700 });
            return dir;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
                throw e;
            }
        }
    }
}

/** Refuses to write a file that contains a secret: the last guard, should a query ever return one. */
function assertNoSecret(name: string, content: string, secrets: string[]): void {
    for (const secret of secrets) {
        if (secret !== "" && content.includes(secret)) {
            throw new Error(`refusing to write ${name}: it would contain a secret`);
        }
    }
}

/**
 * Writes `<outDir>/<stamp>/evidence-<stamp>.json`, `evidence-<stamp>.md` and `SHA256SUMS`. Files are 0600 and the
 * directory 0700 (the bundle describes the access model). An existing bundle directory is never overwritten.
 * `secrets` (e.g. the password the bundle was collected with) must not occur in any file.
 */
export function writeEvidenceBundle(bundle: EvidenceBundle, outDir: string, secrets: string[] = []): WrittenBundle {
    const stamp = evidenceStamp(bundle.collectedAt);
    const files: Array<[string, string]> = [
        [`evidence-${stamp}.json`, JSON.stringify(bundle, null, 2) + "\n"],
        [`evidence-${stamp}.md`, renderEvidenceMarkdown(bundle)],
    ];
    for (const [name, content] of files) {
        assertNoSecret(name, content, secrets);
    }
    fs.mkdirSync(outDir, { recursive: true });
    const dir = freshDirectory(path.resolve(outDir), stamp);
    const hashes: Record<string, string> = {};
    for (const [name, content] of files) {
        fs.writeFileSync(path.join(dir, name), content, { mode: 0o600, flag: "wx" });
        hashes[name] = sha256(content);
    }
    const manifest = Object.entries(hashes)
        .map(([name, hash]) => `${hash}  ${name}\n`)
        .join("");
    fs.writeFileSync(path.join(dir, MANIFEST_FILE), manifest, { mode: 0o600, flag: "wx" });
    return { dir, json: path.join(dir, files[0][0]), markdown: path.join(dir, files[1][0]), manifest: path.join(dir, MANIFEST_FILE), hashes };
}

/** Recomputes every hash of a bundle directory's manifest; returns the files whose content no longer matches. */
export function verifyManifest(dir: string): string[] {
    const lines = fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8").split("\n").filter((l) => l !== "");
    return lines
        .map((l) => /^([0-9a-f]{64}) {2}(.+)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .filter(([, hash, name]) => !fs.existsSync(path.join(dir, name)) || sha256(fs.readFileSync(path.join(dir, name))) !== hash)
        .map(([, , name]) => name);
}
