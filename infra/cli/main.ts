#!/usr/bin/env node
import { CliError, EXIT, internalErrorReport, isSystemError } from "./errors";

/** A subcommand: takes its own argv, returns the exit code. Loaded lazily so `--help` stays fast. */
type Command = { summary: string; load: () => Promise<(argv: string[]) => Promise<number>> };

const COMMANDS: Record<string, Command> = {
    check: {
        summary: "check [--program <dir|file>] [--stack <name>] [--policy-pack-config <file>] [--stack-reference-outputs <file>] [--skip-type-check] [--json]   judge a Pulumi program offline against the policy pack",
        load: async () => (await import("./commands/check")).runCheck,
    },
    local: {
        summary: "local up|down|status|url <role>|psql <role> [-- <psql options>] [--data-dir <dir>] [--port <port>] [--json]   the local hardened PostgreSQL 15",
        load: async () => (await import("./commands/local")).runLocal,
    },
    verify: {
        summary: "verify --url <dsn> [--admin-role <role>]... [--migrator-role <role>]... [--replication-role <role>]... [--declared-publication <name>]... [--tenant-column <col>] [--platform rds|self-managed] [--json] [--verbose]   judge a running PostgreSQL against the live controls",
        load: async () => (await import("./commands/verify")).runVerify,
    },
    evidence: {
        summary: "evidence --url <dsn> [--out <dir>] [--admin-role <role>]... [--migrator-role <role>]... [--replication-role <role>]... [--declared-publication <name>]... [--plan-report <check.json>] [--audit-log <file>…] [--audit-archive <dir> [--expect-anchor <sha256>]] [--audit-config <file>] [--since <ISO time>] [--until <ISO time>] [--json]   write a timestamped evidence bundle (JSON, Markdown, SHA256SUMS), with the audit trail's activity, alerts and archive proof",
        load: async () => (await import("./commands/evidence")).runEvidence,
    },
    audit: {
        summary: "audit report|alerts [--since <ISO time>] [--until <ISO time>] [--json] [--html <file>] [--markdown <file>] [--config <file>] [--data-dir <dir>] [--port <port>] [--log <file>…]   PHI access by person × table × operation, and the detections' alerts (exit 1 when any)",
        load: async () => (await import("./commands/audit")).runAudit,
    },
    "import-retained": {
        summary: "import-retained --stack <name> [--config <file>] [--out <file>]   the `pulumi import --file` document that adopts what the stack's last destroy kept (its log groups), to re-create it with the same identifier",
        load: async () => (await import("./commands/import-retained")).runImportRetained,
    },
    start: {
        summary: "start [--data-dir <dir>] [--port <port>] [--out <dir>] [--json]   local up, verify, evidence, summary (npm start)",
        load: async () => (await import("./commands/start")).runStart,
    },
};

function usage(): string {
    return ["usage: hardened-postgres <command> [options]", "", ...Object.values(COMMANDS).map((c) => `  ${c.summary}`)].join("\n");
}

export async function main(argv: string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
        console.log(usage());
        return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const command = COMMANDS[name];
    if (!command) {
        console.error(`hardened-postgres: unknown command '${name}'\n\n${usage()}`);
        return EXIT.usage;
    }
    try {
        const run = await command.load();
        return await run(rest);
    } catch (e) {
        if (e instanceof CliError) {
            console.error(`hardened-postgres ${name}: ${e.message}`);
            return e.exitCode;
        }
        if (isSystemError(e)) {
            console.error(`hardened-postgres ${name}: ${e.message}`);
            return EXIT.usage;
        }
        console.error(internalErrorReport(e, argv));
        return EXIT.internal;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: unknown) => {
            console.error(internalErrorReport(e, process.argv.slice(2)));
            process.exit(EXIT.internal);
        },
    );
}
