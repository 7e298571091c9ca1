import * as aws from "@pulumi/aws";
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { isAwsManagedKeyAlias } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** The engine family of a proxy in front of RDS for PostgreSQL or Aurora PostgreSQL (CreateDBProxy EngineFamily). */
const POSTGRESQL_FAMILY = "postgresql";

const SECRET_KIND = "Secrets Manager secret";
const FIX = "set kmsKeyId to a customer-managed KMS key ARN";

/** `read()`, or undefined while it is unknown during preview; `unknowns` keeps the error to raise once all else is judged. */
function known<T>(read: () => T, unknowns: UnknownValueError[]): T | undefined {
    try {
        return read();
    } catch (e) {
        if (!(e instanceof UnknownValueError)) {
            throw e;
        }
        unknowns.push(e);
        return undefined;
    }
}

/** A secret's `arn` output; undefined while it is unknown (a secret not yet created), since no literal can name it then. */
function arnOf(secret: PolicyResource): string | undefined {
    try {
        return secret.props.arn as string | undefined;
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return undefined;
        }
        throw e;
    }
}

/**
 * The secrets of the stack that a PostgreSQL proxy's `auths` log in with. A known `secretArn` is matched with each
 * secret's `arn` output (a secret ARN ends in a random suffix, so a program has it from that output, not from the
 * secret's name); an unknown one (the output of a secret created in this preview) by the proxy's property dependencies
 * on `auths`. A known ARN no secret of the stack has is outside the stack and not judged here.
 */
function proxySecrets(proxy: PolicyResource, secrets: readonly PolicyResource[], unknowns: UnknownValueError[]): PolicyResource[] {
    const auths: { secretArn?: string }[] = proxy.props.auths ?? [];
    const used = new Set<PolicyResource>();
    const fromDependencies = (proxy.propertyDependencies["auths"] ?? []).filter((r) => r.isType(aws.secretsmanager.Secret));
    auths.forEach((auth) => {
        const pending: UnknownValueError[] = [];
        const secretArn = known(() => auth.secretArn, pending);
        if (pending.length > 0) {
            // Unknown: the secrets its value may come from are those auths depends on; with none, the pack can't tell.
            fromDependencies.forEach((s) => used.add(s));
            if (fromDependencies.length === 0) {
                unknowns.push(...pending);
            }
        } else if (secretArn !== undefined && secretArn !== "") {
            secrets.filter((s) => arnOf(s) === secretArn).forEach((s) => used.add(s));
        }
    });
    return [...used];
}

/**
 * HPG-ENC-01 on RDS Proxy: the secrets a PostgreSQL proxy logs in to the database with hold its credentials, so they
 * are on a customer-managed key too. A stack policy: the secret is another resource, found through the proxy's `auths`.
 */
export const proxySecretsEncryptedWithCmk: ControlPolicy = {
    name: "hpg-enc-01-proxy-secrets-cmk",
    judges:
        "stack: each `aws.secretsmanager.Secret` of the stack that an `aws.rds.Proxy` (engine family POSTGRESQL) names in `auths[].secretArn` (its `arn` output, or the proxy's dependency while unknown): `kmsKeyId` set and not `alias/aws/…`. A secret outside the stack is not judged",
    ...controlMetadata(control),
    // Not validateStackResourcesOfType: the proxy's auths and the secrets they name are judged together.
    validateStack: (args, reportViolation) => {
        const unknowns: UnknownValueError[] = [];
        const secrets = args.resources.filter((r) => r.isType(aws.secretsmanager.Secret));
        const proxies = args.resources.filter((r) => r.isType(aws.rds.Proxy) && known(() => (r.props.engineFamily as string).toLowerCase() === POSTGRESQL_FAMILY, unknowns));
        if (proxies.length === 0 && unknowns.length === 0) {
            args.notApplicable("the stack declares no PostgreSQL RDS Proxy");
        }
        // Each secret once, naming every proxy that uses it.
        const users = new Map<PolicyResource, string[]>();
        for (const proxy of proxies) {
            for (const secret of known(() => proxySecrets(proxy, secrets, unknowns), unknowns) ?? []) {
                users.set(secret, [...(users.get(secret) ?? []), proxy.name]);
            }
        }
        for (const [secret, proxyNames] of users) {
            const pending: UnknownValueError[] = [];
            const kmsKeyId = known(() => secret.props.kmsKeyId as string | undefined, pending);
            if (pending.length > 0) {
                unknowns.push(...pending);
                continue;
            }
            const usedBy = `DB proxy ${proxyNames.map((n) => `'${n}'`).join(", ")} logs in to PostgreSQL with it`;
            const report = (problem: string) => reportViolation(violation(control.id, SECRET_KIND, secret.name, `${usedBy} and ${problem}`, FIX), secret.urn);
            if (kmsKeyId === undefined || kmsKeyId === "") {
                // CreateSecret without KmsKeyId: Secrets Manager uses the AWS-managed key aws/secretsmanager.
                report("kmsKeyId is not set, so Secrets Manager encrypts it with the AWS-managed key aws/secretsmanager");
            } else if (isAwsManagedKeyAlias(kmsKeyId)) {
                report(`kmsKeyId is '${kmsKeyId}', an AWS-managed key`);
            }
        }
        if (unknowns.length > 0) {
            throw unknowns[0];
        }
    },
};
