import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { asRdsStderr, auditPipelineMarkdown, AuditPipelineResult, auditWorkloadScript, measureThroughput, PIPELINE_STAGES, repeatCorpus } from "../../bench/audit-pipeline";
import { parseLogText } from "../../policies/audit/log-entries";
import { parseBenchArgs } from "../../bench/options";

/** A jsonlog entry as PostgreSQL 15 writes one (the fields the pipeline reads). */
function jsonlogLine(fields: { pid: number; vxid: string; message: string; context?: string; second: number }): string {
    return JSON.stringify({
        timestamp: `2026-11-26 10:00:${String(fields.second).padStart(2, "0")}.000 UTC`,
        user: "svc_api",
        dbname: "hpg_app",
        pid: fields.pid,
        remote_host: "127.0.0.1",
        remote_port: 40000 + fields.pid,
        session_id: `6b07efba.${fields.pid.toString(16)}`,
        line_num: 1,
        vxid: fields.vxid,
        txid: 0,
        error_severity: "LOG",
        message: fields.message,
        ...(fields.context ? { context: fields.context } : {}),
        application_name: "pgbench",
    });
}

/** Transactions as the workload writes them: the context opened by hpg.set_actor, a PHI read and write, the close at commit. */
function workloadLog(transactions: number): string {
    const lines: string[] = [];
    for (let i = 0; i < transactions; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        const pid = 100 + (i % 4);
        const vxid = `3/${i + 1}`;
        const second = i % 60;
        lines.push(
            jsonlogLine({ pid, vxid, second, message: `hpg-audit-context open id=${id} actor=clinician-${i % 7} tenant=7d1e0c4a-3b8f-4f5e-9a61-2c0d5b8e4f11`, context: "PL/pgSQL function hpg.set_actor(text,uuid) line 14 at RAISE" }),
            jsonlogLine({ pid, vxid, second, message: "AUDIT: OBJECT,2,1,READ,SELECT,TABLE,app.patients,\"SELECT full_name, diagnosis FROM app.patients ORDER BY id LIMIT 1;\",<not logged>,1" }),
            jsonlogLine({ pid, vxid, second, message: "AUDIT: SESSION,3,1,WRITE,INSERT,TABLE,app.appointments,\"INSERT INTO app.appointments (tenant_id, patient_id) SELECT tenant_id, id FROM app.patients LIMIT 1;\",<not logged>,1" }),
            jsonlogLine({ pid, vxid, second, message: `hpg-audit-context close id=${id}`, context: "PL/pgSQL function hpg.close_actor_context() line 5 at RAISE" }),
        );
    }
    return lines.join("\n") + "\n";
}

describe("the audit pipeline bench", () => {
    test("the workload acts for a person first in each transaction, as withActor does, then reads and writes PHI", () => {
        const script = auditWorkloadScript("app", "7d1e0c4a-3b8f-4f5e-9a61-2c0d5b8e4f11").split("\n");
        expect(script.slice(0, 3)).toEqual(["\\set person random(1, 1000)", "BEGIN;", "SELECT hpg.set_actor('clinician-' || :person, '7d1e0c4a-3b8f-4f5e-9a61-2c0d5b8e4f11');"]);
        expect(script[3]).toMatch(/^SELECT full_name, diagnosis FROM app\.patients /);
        expect(script[4]).toMatch(/^INSERT INTO app\.appointments /);
        expect(script[5]).toBe("COMMIT;");
    });

    test("the corpus is the server's log repeated, whole lines, to at least the size asked", () => {
        expect(repeatCorpus("a\nb\n", 9)).toEqual({ text: "a\nb\na\nb\na\nb\n", repeats: 3 });
        expect(repeatCorpus("a\nb\n", 1)).toEqual({ text: "a\nb\n", repeats: 1 });
        expect(() => repeatCorpus("", 10)).toThrow("the server wrote no log to build the corpus from");
        expect(() => repeatCorpus("a\nb", 10)).toThrow("the corpus must end with a complete line");
    });

    test("every stage runs over the same entries and records, the first being the JSON.parse limit", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-bench-audit-"));
        try {
            const corpus = path.join(dir, "corpus.json");
            fs.writeFileSync(corpus, workloadLog(50));
            const r = measureThroughput(corpus, dir, 2, "a test corpus", 1);
            expect([r.entries, r.pgauditRecords, r.attributed, r.runs, r.repeats, r.bytes]).toEqual([200, 100, 100, 2, 1, fs.statSync(corpus).size]);
            expect(r.stderrBytes).toBeGreaterThan(0);
            expect(r.stages.map((s) => s.stage)).toEqual([...PIPELINE_STAGES]);
            expect(r.stages[0].ratioToJsonParse).toBe(1);
            for (const s of r.stages) {
                expect(s.cpuMs.median).toBeGreaterThan(0);
                expect(s.mbPerCoreSecond).toBeCloseTo((s.stage === "parse, as RDS stderr" ? r.stderrBytes : r.bytes) / 1e6 / (s.cpuMs.median / 1000), 6);
                expect(s.recordsPerCoreSecond).toBeCloseTo(100 / (s.cpuMs.median / 1000), 6);
            }
            // The archive it wrote is removed: the bench leaves nothing behind in its work directory but the corpus.
            expect(fs.readdirSync(dir)).toEqual(["corpus.json"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test("the stderr rendering reads back as the same entries: RDS's prefix, TAB continuations, CONTEXT copied onto its entry", () => {
        const entries = parseLogText(workloadLog(3).replace("LIMIT 1;", "\\nLIMIT 1;"), "jsonlog", "x.json");
        const stderr = asRdsStderr(entries);
        expect(stderr.split("\n")[0]).toBe(
            "2026-11-26 10:00:00 UTC:127.0.0.1(40100):svc_api@hpg_app:[100]:LOG:  hpg-audit-context open id=00000000-0000-4000-8000-000000000000 actor=clinician-0 tenant=7d1e0c4a-3b8f-4f5e-9a61-2c0d5b8e4f11",
        );
        const back = parseLogText(stderr, "stderr", "postgresql.log").filter((e) => e.severity === "LOG");
        expect(back.map((e) => [e.pid, e.user, e.database, e.remoteHost, e.message, e.context])).toEqual(entries.map((e) => [e.pid, e.user, e.database, e.remoteHost, e.message, e.context]));
        expect(back[1].message).toContain("ORDER BY id \nLIMIT 1;");
    });

    test("the report section gives each stage's rates and ratio, and the TPS ratio with shipping on and off", () => {
        const spread = (median: number) => ({ median, min: median - 1, max: median + 1 });
        const result: AuditPipelineResult = {
            throughput: {
                source: "the shipping cluster's jsonlog from the TPS runs",
                repeats: 6,
                bytes: 4_200_000,
                stderrBytes: 2_100_000,
                entries: 6906,
                pgauditRecords: 4686,
                attributed: 3720,
                alerts: 158,
                runs: 3,
                stages: PIPELINE_STAGES.map((stage, i) => ({ stage, wallMs: spread(100 * (i + 1)), cpuMs: spread(50 * (i + 1)), recordsPerCoreSecond: 90000 / (i + 1), mbPerCoreSecond: 84 / (i + 1), ratioToJsonParse: 1 / (i + 1) })),
            },
            tps: {
                workload: "the workload",
                clients: 4,
                threads: 2,
                seconds: 5,
                rounds: [],
                on: spread(180),
                off: spread(200),
                tpsRatio: 0.9,
                withinNoise: true,
                loggedEntries: 1151,
                archivedRecords: 1151,
            },
        };
        const md = auditPipelineMarkdown(result).join("\n");
        expect(md).toContain("| read + JSON.parse | 100 | 50 | 90000 | 84.0 | 1.00 |");
        expect(md).toContain("| parse + attribute + detect + archive | 500 | 250 | 18000 | 16.8 | 0.20 |");
        expect(md).toContain("repeated 6 times");
        expect(md).toContain("| on | 180 (179–181) |");
        expect(md).toContain("TPS ratio on/off: 0.90 (−10%); within noise: yes.");
        expect(md).toContain("The archive holds 1151 records for the 1151 entries the server wrote (every one).");
    });

    test("audit is a bench part, last, with a small corpus for a smoke run", () => {
        expect(parseBenchArgs([]).parts).toEqual(["tax", "rls", "check", "verify", "audit"]);
        expect(parseBenchArgs(["--only", "audit"]).parts).toEqual(["audit"]);
        expect([parseBenchArgs([]).auditCorpusMiB, parseBenchArgs(["--quick"]).auditCorpusMiB]).toEqual([32, 4]);
    });
});
