import { LogEntry, LogFormat } from "../../../components/audit-trail/events";
import { parseCloudWatchText } from "./cloudwatch";
import { parseCsvlogText } from "./csvlog";
import { parseJsonlogText } from "./jsonlog";
import { LogReadOptions } from "./log-line-problem";
import { parseStderrText } from "./rds-stderr";

/** The entries of one log text in the given format, in stored order. Problems are thrown unless `options.onProblem` takes them. */
export function parseLogText(text: string, format: LogFormat, file: string, options: LogReadOptions = {}): LogEntry[] {
    switch (format) {
        case "jsonlog":
            return parseJsonlogText(text, file, options);
        case "csvlog":
            return parseCsvlogText(text, file, options);
        case "stderr":
            return parseStderrText(text, file, options);
        case "cloudwatch":
            return parseCloudWatchText(text, file, options);
        default:
            throw new Error(`[format] ${JSON.stringify(format)} is not a log format; allowed: jsonlog, csvlog, stderr, cloudwatch`);
    }
}
