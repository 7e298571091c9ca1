import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { readHbaRules } from "../../kit/live/hba-rules";
import { control } from "./control";

/** pg_hba.conf methods that accept an MD5 hash, a cleartext password, or nothing at all. */
const WEAK_HBA_METHODS = ["trust", "password", "md5"];

/** HPG-PWD-01: passwords are hashed with SCRAM-SHA-256 (server, roles, databases) and pg_hba.conf asks for nothing weaker. */
export const scramPasswords: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const findings = await judgeRequiredParameters(ctx, control.id);
        const notes: string[] = [];
        const unverified: string[] = [];
        if (ctx.platform === "self-managed") {
            const rules = await readHbaRules(ctx);
            if (rules === undefined) {
                // Without the rules a trust or password line can't be excluded: that is "could not be checked", never a pass.
                unverified.push(`pg_hba.conf rules are not readable by ${ctx.target.user} (grant it SELECT on pg_catalog.pg_hba_file_rules), so a trust, password or md5 line can't be excluded`);
            } else {
                // Unix-socket (local) lines too: `local all all trust` is a passwordless superuser for anyone on the host.
                for (const r of rules) {
                    if (r.auth_method !== null && WEAK_HBA_METHODS.includes(r.auth_method)) {
                        findings.push(`pg_hba.conf line ${r.line_number} authenticates with '${r.auth_method}' (${r.type} ${(r.database ?? []).join(",")} ${(r.user_name ?? []).join(",")} ${r.address ?? ""}); required: scram-sha-256`);
                    }
                }
            }
        } else {
            notes.push("on RDS, rds.accepted_password_auth_method=scram makes the server refuse MD5 logins; pg_hba.conf is not exposed");
        }
        return { findings, notes, unverified };
    },
};
