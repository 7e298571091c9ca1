import * as path from "path";
import { LogFormat } from "../../../components/audit-trail/events";
import { isRdsStderrLine } from "./rds-stderr";

/** The format can't be told from the content or the name; names the file and what is recognised. */
export class UnknownLogFormatError extends Error {
    constructor(readonly file: string) {
        super(
            `[file] ${file}: not a recognised PostgreSQL log; allowed: jsonlog (.json), csvlog (.csv), RDS stderr (${"%t:%r:%u@%d:[%p]:"} prefix, .log or postgresql.log.*), or CloudWatch (subscription payloads, aws logs JSON output, S3 export lines)`,
        );
        this.name = "UnknownLogFormatError";
    }
}

const CSV_START = /^"?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [^,]*"?,/;
const EXPORT_START = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z /;

/** The format of a log text: by its content first (the first line), by the file's name when the text is empty. */
export function detectLogFormat(text: string, file: string): LogFormat {
    const start = text.trimStart();
    const firstLine = start.slice(0, start.indexOf("\n") < 0 ? undefined : start.indexOf("\n"));
    if (start.startsWith("{")) {
        // jsonlog's objects start with "timestamp"; CloudWatch's payloads and CLI output don't.
        return /^\{\s*"timestamp"\s*:/.test(start) ? "jsonlog" : "cloudwatch";
    }
    if (start.startsWith("[")) return "cloudwatch";
    if (EXPORT_START.test(firstLine)) return "cloudwatch";
    if (isRdsStderrLine(firstLine)) return "stderr";
    if (CSV_START.test(firstLine)) return "csvlog";
    const name = path.basename(file).replace(/\.gz$/, "");
    if (start === "" || firstLine === "") {
        if (name.endsWith(".json")) return "jsonlog";
        if (name.endsWith(".csv")) return "csvlog";
        if (name.endsWith(".log") || /^postgresql\.log\./.test(name) || /^error\/postgresql\.log/.test(file)) return "stderr";
    }
    throw new UnknownLogFormatError(file);
}
