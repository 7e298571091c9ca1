import { judgeRequiredParameters, readSetting, serverSettingFix } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { parseBoolean } from "../..";
import { readHbaRules } from "../../kit/live/hba-rules";
import { sessionTls } from "../../kit/live/session-tls";
import { control } from "./control";

/** HPG-TLS-01: the server encrypts, this session is encrypted, and a connection without TLS is refused. */
export const tlsRequired: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const findings: string[] = [];
        const unverified: string[] = [];
        const notes: string[] = [];

        const ssl = await readSetting(ctx, "ssl");
        if (parseBoolean(ssl) !== true) {
            findings.push(`ssl is '${ssl}'; required: on; ${serverSettingFix(ctx.platform, "ssl", "on")} (with ssl_cert_file and ssl_key_file set)`);
        }
        // rds.force_ssl on RDS (catalog); nothing on a self-managed server, where pg_hba.conf does the refusing.
        findings.push(...(await judgeRequiredParameters(ctx, control.id)));

        const session = await sessionTls(ctx);
        if (!session.ssl) {
            findings.push("this verification session is not encrypted (pg_stat_ssl.ssl is false); fix: turn TLS on and connect with sslmode=verify-full");
        }

        const probe = await ctx.probePlaintext();
        ctx.record({
            title: "Connection attempt without TLS and without a password (the probe never sends a credential)",
            sql: `-- connect to ${ctx.target.host}:${ctx.target.port} as ${ctx.target.user}, database ${ctx.target.database}, sslmode=disable`,
            rows: [{ ...probe }],
        });
        switch (probe.outcome) {
            case "refused":
                break;
            case "connected":
                findings.push("the server accepted a connection without TLS; fix: make every pg_hba.conf line hostssl (or set rds.force_ssl = 1 on RDS)");
                break;
            case "asked-for-password":
                findings.push("the server accepted a connection without TLS up to authentication (it asked for a password); fix: make every pg_hba.conf line hostssl (or set rds.force_ssl = 1 on RDS)");
                break;
            case "inconclusive":
                unverified.push(`could not show that the server refuses connections without TLS: ${probe.message}`);
                break;
        }

        if (ctx.platform === "self-managed") {
            const rules = await readHbaRules(ctx);
            if (rules === undefined) {
                notes.push(`pg_hba.conf rules are not readable by ${ctx.target.user}; TLS enforcement was judged by the connection probe for this user and database only`);
            } else {
                for (const r of rules) {
                    if ((r.type === "host" || r.type === "hostnossl") && r.auth_method !== "reject") {
                        findings.push(`pg_hba.conf line ${r.line_number} admits connections without TLS (${r.type} ${(r.database ?? []).join(",")} ${(r.user_name ?? []).join(",")} ${r.address ?? ""} ${r.auth_method}); fix: change it to hostssl (or to reject), then SELECT pg_reload_conf()`);
                    }
                }
            }
        } else {
            notes.push("RDS enforces TLS with rds.force_ssl instead of pg_hba.conf, which it does not expose");
        }
        return { findings, unverified, notes };
    },
};
