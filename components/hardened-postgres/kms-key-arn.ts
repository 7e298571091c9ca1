import { isAwsManagedKeyArn } from "./allowed-values";
import { shownValue as show } from "./shown-value";

/** A key id: a UUID, or `mrk-` and 32 hex digits for a multi-Region key ("Key identifiers (KeyId)", AWS KMS Developer Guide). */
const KEY_ID = "(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})";
const KEY_ARN = new RegExp(`^arn:(aws(?:-[a-z]+)*):kms:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):key/(${KEY_ID})$`);
const BARE_KEY_ID = new RegExp(`^${KEY_ID}$`);

/** The one form `kmsKeyArn` takes. */
export const KMS_KEY_ARN_FORM = "arn:<partition>:kms:<region>:<account>:key/<key-id> (key id a UUID, or mrk- and 32 hex digits for a multi-Region key)";

const ALLOWED = `allowed: a customer-managed key's key ARN, ${KMS_KEY_ARN_FORM}, or omit it to create one`;
/** Why only the key ARN: RDS stores the key ARN whatever form it was given, so any other form differs from state on every update. */
const WHY_KEY_ARN = "RDS reports the key ARN it resolves to, so the instance would show a standing replace diff that protect then blocks";

/** The parts of a key ARN, or undefined for any other form. */
export function parseKmsKeyArn(arn: string): { partition: string; region: string; accountId: string; keyId: string } | undefined {
    const match = KEY_ARN.exec(arn);
    return match ? { partition: match[1], region: match[2], accountId: match[3], keyId: match[4] } : undefined;
}

/**
 * What is wrong with a known `kmsKeyArn` (HPG-ENC-01), if anything: at construction for a plain value, at deployment for
 * an Output. `stackRegion`, known only at deployment, is the region the instance is created in: RDS needs a key in the
 * same region ("KMS keys are specific to the AWS Region that they are created in", RDS API Reference, KmsKeyId).
 */
export function kmsKeyArnProblem(arn: unknown, stackRegion?: string): string | undefined {
    if (typeof arn !== "string" || arn === "") {
        return `${show(arn)} is not a KMS key ARN; ${ALLOWED}`;
    }
    if (isAwsManagedKeyArn(arn)) {
        return `${show(arn)} is an AWS-managed key (HPG-ENC-01); ${ALLOWED}`;
    }
    const parsed = parseKmsKeyArn(arn);
    if (parsed === undefined) {
        if (/^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(arn) || arn.startsWith("alias/")) {
            return `${show(arn)} is a key alias, not its key ARN: ${WHY_KEY_ARN}; ${ALLOWED}`;
        }
        if (BARE_KEY_ID.test(arn)) {
            return `${show(arn)} is a bare key id, not its key ARN: ${WHY_KEY_ARN}; ${ALLOWED}`;
        }
        return `${show(arn)} is not a KMS key ARN; ${ALLOWED}`;
    }
    if (stackRegion !== undefined && parsed.region !== stackRegion) {
        return `${show(arn)} is a key in ${parsed.region}, but the instance is created in ${stackRegion} and RDS needs a key in its own region; allowed: a key ARN in ${stackRegion}, or omit it to create one`;
    }
    return undefined;
}

/** An IAM role or user ARN, with an optional path: names are letters, digits and `+=,.@_-` (IAM quotas and identifiers). */
const IAM_PRINCIPAL_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:(?:role|user)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;

/** One refused entry of `keyUserArns`: the message, and the field it names (`keyUserArns` or `keyUserArns[i]`). */
export interface KeyUserArnProblem {
    message: string;
    field: string;
}

/**
 * What is wrong with `keyUserArns`: a list of IAM role or user ARNs, no wildcard (a `*` would give the key to anyone),
 * no STS session (it expires; the key policy names the role), and only with the key the component creates.
 */
export function keyUserArnProblems(value: unknown, kmsKeyArn: unknown): KeyUserArnProblem[] {
    const allowed = "allowed: IAM role or user ARNs, arn:<partition>:iam::<account>:role/<name> or …:user/<name>, no wildcards";
    if (!Array.isArray(value)) {
        return [{ field: "keyUserArns", message: `${show(value)} is not a list; ${allowed}` }];
    }
    const problems: KeyUserArnProblem[] = [];
    if (value.length > 0 && kmsKeyArn !== undefined) {
        problems.push({
            field: "keyUserArns",
            message: `${show(value)} names users of the key the component creates, but kmsKeyArn supplies a key; allowed: [] with kmsKeyArn (name the users in that key's own policy, docs/kms-key-policy.md)`,
        });
    }
    value.forEach((arn, i) => {
        const field = `keyUserArns[${i}]`;
        if (typeof arn === "string" && arn.includes("*")) {
            problems.push({ field, message: `${show(arn)} has a wildcard, which would let any matching principal use the key; ${allowed}` });
        } else if (typeof arn === "string" && /^arn:aws(?:-[a-z]+)*:sts::\d{12}:assumed-role\//.test(arn)) {
            problems.push({ field, message: `${show(arn)} is an STS session, which expires; allowed: the role's ARN, arn:<partition>:iam::<account>:role/<name>` });
        } else if (typeof arn !== "string" || !IAM_PRINCIPAL_ARN.test(arn)) {
            problems.push({ field, message: `${show(arn)} is not an IAM role or user ARN; ${allowed}` });
        } else if (value.indexOf(arn) !== i) {
            problems.push({ field, message: `${show(arn)} is listed twice; ${allowed}, each once` });
        }
    });
    return problems;
}
