import { HardenedPostgresArgs } from "../../../components/hardened-postgres/args";
import { keyUserArnProblems, kmsKeyArnProblem } from "../../../components/hardened-postgres/kms-key-arn";
import { validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";
import { problemsOf } from "../../support/argument-problems";

const base: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };
const ALLOWED =
    "allowed: a customer-managed key's key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (key id a UUID, or mrk- and 32 hex digits for a multi-Region key), or omit it to create one";
const WHY = "RDS reports the key ARN it resolves to, so the instance would show a standing replace diff that protect then blocks";
const USERS_ALLOWED = "allowed: IAM role or user ARNs, arn:<partition>:iam::<account>:role/<name> or …:user/<name>, no wildcards";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("kmsKeyArn at construction", () => {
    it.each([
        ["a key ARN", KEY],
        ["a multi-Region key ARN", "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"],
        ["a GovCloud key ARN", "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
        ["a China key ARN", "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ])("accepts %s", (_label, arn) => {
        expect(problemsOf({ kmsKeyArn: arn })).toEqual([]);
        expect(validateHardenedPostgresArgs("orders-db", { ...base, kmsKeyArn: arn }).kmsKeyArn).toBe(arn);
    });

    it.each([
        ["an alias ARN", "arn:aws:kms:us-east-1:123456789012:alias/orders", `is a key alias, not its key ARN: ${WHY}`],
        ["an alias name", "alias/orders", `is a key alias, not its key ARN: ${WHY}`],
        ["a bare key id", "1234abcd-12ab-34cd-56ef-1234567890ab", `is a bare key id, not its key ARN: ${WHY}`],
        ["a bare multi-Region key id", "mrk-1234abcd12ab34cd56ef1234567890ab", `is a bare key id, not its key ARN: ${WHY}`],
        ["the AWS-managed RDS key", "arn:aws:kms:us-east-1:123456789012:alias/aws/rds", "is an AWS-managed key (HPG-ENC-01)"],
        ["the AWS-managed alias name", "alias/aws/rds", "is an AWS-managed key (HPG-ENC-01)"],
        ["a key id that is not a UUID", "arn:aws:kms:us-east-1:123456789012:key/orders", "is not a KMS key ARN"],
        ["a multi-Region id too short", "arn:aws:kms:us-east-1:123456789012:key/mrk-1234", "is not a KMS key ARN"],
        ["an upper-case key id", "arn:aws:kms:us-east-1:123456789012:key/1234ABCD-12AB-34CD-56EF-1234567890AB", "is not a KMS key ARN"],
        ["another service's ARN", "arn:aws:s3:::orders-bucket", "is not a KMS key ARN"],
        ["a key ARN without its account", "arn:aws:kms:us-east-1::key/1234abcd-12ab-34cd-56ef-1234567890ab", "is not a KMS key ARN"],
    ])("refuses %s, naming the field, the value, why and the allowed form", (_label, arn, why) => {
        expect(problemsOf({ kmsKeyArn: arn })).toEqual([`[kmsKeyArn] '${arn}' ${why}; ${ALLOWED}`]);
    });
});

describe("kmsKeyArnProblem with the stack's region (at deployment)", () => {
    it("accepts a key in the stack's region", () => {
        expect(kmsKeyArnProblem(KEY, "us-east-1")).toBeUndefined();
    });

    it("refuses a key in another region: RDS needs a key in the instance's region", () => {
        expect(kmsKeyArnProblem(KEY, "eu-west-1")).toBe(
            `'${KEY}' is a key in us-east-1, but the instance is created in eu-west-1 and RDS needs a key in its own region; allowed: a key ARN in eu-west-1, or omit it to create one`,
        );
    });

    it("judges the form before the region", () => {
        expect(kmsKeyArnProblem("arn:aws:kms:eu-west-1:123456789012:alias/orders", "us-east-1")).toBe(
            `'arn:aws:kms:eu-west-1:123456789012:alias/orders' is a key alias, not its key ARN: ${WHY}; ${ALLOWED}`,
        );
    });
});

describe("keyUserArns", () => {
    it("defaults to none and accepts IAM role and user ARNs, with paths, in any partition", () => {
        expect(validateHardenedPostgresArgs("orders-db", base).keyUserArns).toEqual([]);
        const arns = [
            "arn:aws:iam::123456789012:role/orders-app",
            "arn:aws:iam::123456789012:role/service-role/orders-reader",
            "arn:aws:iam::123456789012:user/ops.admin@example",
            "arn:aws-us-gov:iam::210987654321:role/orders-app",
        ];
        expect(validateHardenedPostgresArgs("orders-db", { ...base, keyUserArns: arns }).keyUserArns).toEqual(arns);
    });

    it.each<[string, unknown, string[]]>([
        ["a string, not a list", "arn:aws:iam::123456789012:role/orders-app", [`[keyUserArns] 'arn:aws:iam::123456789012:role/orders-app' is not a list; ${USERS_ALLOWED}`]],
        ["a bare '*'", ["*"], [`[keyUserArns[0]] '*' has a wildcard, which would let any matching principal use the key; ${USERS_ALLOWED}`]],
        [
            "a wildcard role",
            ["arn:aws:iam::123456789012:role/orders-*"],
            [`[keyUserArns[0]] 'arn:aws:iam::123456789012:role/orders-*' has a wildcard, which would let any matching principal use the key; ${USERS_ALLOWED}`],
        ],
        [
            "an STS session",
            ["arn:aws:sts::123456789012:assumed-role/orders-app/session-1"],
            ["[keyUserArns[0]] 'arn:aws:sts::123456789012:assumed-role/orders-app/session-1' is an STS session, which expires; allowed: the role's ARN, arn:<partition>:iam::<account>:role/<name>"],
        ],
        ["the account root", ["arn:aws:iam::123456789012:root"], [`[keyUserArns[0]] 'arn:aws:iam::123456789012:root' is not an IAM role or user ARN; ${USERS_ALLOWED}`]],
        ["a group", ["arn:aws:iam::123456789012:group/admins"], [`[keyUserArns[0]] 'arn:aws:iam::123456789012:group/admins' is not an IAM role or user ARN; ${USERS_ALLOWED}`]],
        ["a role name after a valid entry", ["arn:aws:iam::123456789012:role/orders-app", "orders-app"], [`[keyUserArns[1]] 'orders-app' is not an IAM role or user ARN; ${USERS_ALLOWED}`]],
        ["a number", [42], [`[keyUserArns[0]] 42 is not an IAM role or user ARN; ${USERS_ALLOWED}`]],
        [
            "the same role twice",
            ["arn:aws:iam::123456789012:role/orders-app", "arn:aws:iam::123456789012:role/orders-app"],
            [`[keyUserArns[1]] 'arn:aws:iam::123456789012:role/orders-app' is listed twice; ${USERS_ALLOWED}, each once`],
        ],
    ])("refuses %s", (_label, keyUserArns, messages) => {
        expect(problemsOf({ keyUserArns })).toEqual(messages);
    });

    it("refuses key users with a supplied key: the component writes no policy for that key", () => {
        expect(problemsOf({ kmsKeyArn: KEY, keyUserArns: ["arn:aws:iam::123456789012:role/orders-app"] })).toEqual([
            `[keyUserArns] ["arn:aws:iam::123456789012:role/orders-app"] names users of the key the component creates, but kmsKeyArn supplies a key; allowed: [] with kmsKeyArn (name the users in that key's own policy, docs/kms-key-policy.md)`,
        ]);
        expect(keyUserArnProblems([], KEY)).toEqual([]);
    });
});
