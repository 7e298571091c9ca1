import { parseArgs } from "../../../../infra/cli/args";
import { LIVE_VALUE_FLAGS, liveOptions, takeDeclarations } from "../../../../infra/cli/commands/live-options";
import { CliError } from "../../../../infra/cli/errors";
import { runCli } from "../../../support/cli-run";

/** The flags `verify` and `evidence` share, parsed as the commands parse them (no server needed). */
const URL = "postgresql://svc_audit@127.0.0.1:5432/hpg_app?sslmode=verify-full";

function parse(argv: string[]) {
    const { declarations, rest } = takeDeclarations(argv);
    return liveOptions(parseArgs(rest, LIVE_VALUE_FLAGS, ["json"]), declarations, {});
}

test("each declaration flag repeats, takes --flag value, --flag=value and comma lists, and sets its option", () => {
    const { options } = parse([
        "--url",
        URL,
        "--admin-role",
        "hpg_admin",
        "--migrator-role=svc_migrate,svc_flyway",
        "--replication-role",
        "svc_standby",
        "--replication-role",
        "svc_cdc",
        "--declared-publication",
        "to_warehouse",
        "--json",
    ]);
    expect(options).toEqual({
        adminRoles: ["hpg_admin"],
        migratorRoles: ["svc_migrate", "svc_flyway"],
        replicationRoles: ["svc_standby", "svc_cdc"],
        declaredPublications: ["to_warehouse"],
    });
});

test("a declaration flag not given leaves its option unset, so verify applies the default", () => {
    expect(parse(["--url", URL, "--migrator-role", "svc_flyway"]).options).toEqual({ migratorRoles: ["svc_flyway"] });
    expect(parse(["--url", URL]).options).toEqual({});
});

test("a declaration flag without a value, or with an empty one, is a usage error naming it", () => {
    expect(() => parse(["--url", URL, "--replication-role"])).toThrow(new CliError("--replication-role needs a value"));
    expect(() => parse(["--url", URL, "--declared-publication", "--json"])).toThrow(new CliError("--declared-publication needs a value"));
    expect(() => parse(["--url", URL, "--migrator-role=svc_migrate,"])).toThrow(new CliError("--migrator-role has an empty value"));
});

test("verify and evidence accept the declaration flags and list them in their usage", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["verify", "evidence"]) {
        expect(help.stdout).toContain(
            `${command} --url <dsn> ${command === "evidence" ? "[--out <dir>] " : ""}[--admin-role <role>]... [--migrator-role <role>]... [--replication-role <role>]... [--declared-publication <name>]...`,
        );
    }
    // A flag the commands do not know is a usage error before any connection is tried.
    const unknown = await runCli(["verify", "--url", URL, "--migrator", "svc_migrate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--migrator'");
});
