/** One IAM policy statement as a bucket policy writes it (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html). */
export interface PolicyStatement {
    Effect?: string;
    Principal?: unknown;
    Action?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

/** A bucket policy's statements, from its JSON text or document; undefined when it is not a policy document. */
export function policyStatements(policy: unknown): PolicyStatement[] | undefined {
    let document: unknown = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch {
            return undefined;
        }
    }
    if (typeof document !== "object" || document === null) {
        return undefined;
    }
    const statement = (document as { Statement?: unknown }).Statement;
    const list = Array.isArray(statement) ? statement : statement !== undefined ? [statement] : [];
    return list.filter((s): s is PolicyStatement => typeof s === "object" && s !== null);
}

/** Whether an IAM action pattern (`*` and `?` wildcards, case-insensitive, as IAM matches actions) covers `action`. */
export function actionCovers(pattern: string, action: string): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return regex.test(action);
}

/** Whether the statement applies to every principal: `"*"` or `{"AWS": "*"}`. */
function toEveryone(statement: PolicyStatement): boolean {
    const principal = statement.Principal;
    if (principal === "*") {
        return true;
    }
    const aws = typeof principal === "object" && principal !== null ? (principal as { AWS?: unknown }).AWS : undefined;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

/** The actions of a statement, as a list (NotAction statements have none: what they leave out is not judged). */
function actionsOf(statement: PolicyStatement): string[] {
    return typeof statement.Action === "string" ? [statement.Action] : Array.isArray(statement.Action) ? statement.Action : [];
}

/** Whether the statement denies every principal all of `actions`. */
function deniesEveryone(statement: PolicyStatement, actions: readonly string[]): boolean {
    return statement.Effect === "Deny" && toEveryone(statement) && actions.every((a) => actionsOf(statement).some((p) => actionCovers(p, a)));
}

/** A condition value is "false" as IAM's Bool operator reads it: the string or the boolean, alone or in a list. */
function isFalse(value: unknown): boolean {
    const values = Array.isArray(value) ? value : [value];
    return values.length > 0 && values.every((v) => v === false || (typeof v === "string" && v.toLowerCase() === "false"));
}

/** Whether a statement denies every principal every S3 action (`s3:*`) made without TLS: `Bool` `aws:SecureTransport` = false. */
export function deniesInsecureTransport(statements: readonly PolicyStatement[]): boolean {
    return statements.some((s) => {
        const bool = Object.entries(s.Condition ?? {}).find(([operator]) => operator === "Bool")?.[1] ?? {};
        // Condition keys are case-insensitive (IAM: "Condition key names are not case-sensitive").
        const secure = Object.entries(bool).find(([key]) => key.toLowerCase() === "aws:securetransport");
        const everyS3Action = actionsOf(s).some((a) => a === "*" || a.toLowerCase() === "s3:*");
        return s.Effect === "Deny" && toEveryone(s) && everyS3Action && secure !== undefined && isFalse(secure[1]);
    });
}

/** The S3 actions that delete an object or one of its versions. */
export const OBJECT_DELETE_ACTIONS: readonly string[] = ["s3:DeleteObject", "s3:DeleteObjectVersion"];

/** Whether a statement denies every principal, without condition, the deletion of objects and their versions. */
export function deniesObjectDeletion(statements: readonly PolicyStatement[]): boolean {
    return statements.some((s) => s.Condition === undefined && deniesEveryone(s, OBJECT_DELETE_ACTIONS));
}
