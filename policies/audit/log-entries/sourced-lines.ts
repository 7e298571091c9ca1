import { LogSource } from "../../../components/audit-trail/events";

/** One stored line as a parser reads it: its text, where it is, and its exact stored form for `LogEntry.raw`. */
export interface SourcedLine {
    text: string;
    source: LogSource;
    /** The stored text when it differs from `text` (a CloudWatch export line keeps its timestamp). */
    stored?: string;
    /** The line may end early: the last line of a file without its newline (copied mid-write), or a CloudWatch event at the size limit. */
    cut?: boolean;
}

/**
 * A file's lines, 1-based. PostgreSQL ends every entry with a newline, so a last line without one was still being
 * written when the file was read: it is marked `cut`.
 */
export function fileLines(text: string, file: string): SourcedLine[] {
    const parts = text.split("\n");
    const endsWithNewline = parts[parts.length - 1] === "";
    if (endsWithNewline) {
        parts.pop();
    }
    return parts.map((line, i) => ({ text: line, source: { file, line: i + 1 }, cut: !endsWithNewline && i === parts.length - 1 ? true : undefined }));
}
