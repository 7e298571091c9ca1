import { tlsAtLeast } from "../..";
import { judgeRequiredParameters, serverSettingFix } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { sessionTls } from "../../kit/live/session-tls";
import { control } from "./control";

/** HPG-TLS-02: the server accepts nothing older than the catalog's minimum, and this session runs at least that. */
export const tlsMinimumVersion: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        // The session may still negotiate TLS 1.3 after the setting is lowered: the setting is what the control judges.
        const findings = await judgeRequiredParameters(ctx, control.id);
        const session = await sessionTls(ctx);
        const notes: string[] = [];
        const minimum = control.parameters![0].rule;
        if (session.ssl && minimum.kind === "tlsAtLeast" && !tlsAtLeast(session.version ?? undefined, minimum.value)) {
            findings.push(`this session negotiated ${session.version}; required: ${minimum.value} or higher; ${serverSettingFix(ctx.platform, "ssl_min_protocol_version", minimum.value)}`);
        }
        if (!session.ssl) {
            notes.push("this session is not encrypted (judged by HPG-TLS-01); only the server setting was judged");
        }
        return { findings, notes };
    },
};
