import * as aws from "@pulumi/aws";
import { proxySecretsEncryptedWithCmk as policy } from "../../../../../components/catalog/controls/hpg-enc-01/plan-proxy-secrets";
import { AnalyzedResource } from "../../../../../policies/offline-check/evaluate";
import { lines, resource, UNKNOWN, cantRunDuringPreview, validateStack } from "../../../../support/policy-harness";

const FIX = "set kmsKeyId to a customer-managed KMS key ARN";
const CMK = "arn:aws:kms:us-east-1:123456789012:key/0ff11e00-0000-4000-8000-000000000000";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-app-AbC123";
const OUTSIDE_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shared-app-XyZ789";

/** A secret as stack policies see it: its outputs, `arn` among them (unknown while it is being created). */
const secret = (kmsKeyId: string | undefined, arn: string = SECRET_ARN, name = "orders-app-secret") =>
    resource(aws.secretsmanager.Secret, name, { name: "orders-app", kmsKeyId }, { outputs: { name: "orders-app", kmsKeyId, arn } });
const proxy = (secretArn: string, overrides: { engineFamily?: string; dependsOnSecrets?: AnalyzedResource[]; name?: string } = {}) =>
    resource(
        aws.rds.Proxy,
        overrides.name ?? "orders-proxy",
        {
            engineFamily: overrides.engineFamily ?? "POSTGRESQL",
            roleArn: "arn:aws:iam::123456789012:role/orders-proxy",
            vpcSubnetIds: ["subnet-0a1b2c3d"],
            auths: [{ authScheme: "SECRETS", iamAuth: "REQUIRED", secretArn }],
            requireTls: true,
        },
        { propertyDependencies: { auths: overrides.dependsOnSecrets ?? [] } },
    );
const mandatory = (problem: string, proxies = "'orders-proxy'") =>
    `mandatory [HPG-ENC-01] Secrets Manager secret 'orders-app-secret': DB proxy ${proxies} logs in to PostgreSQL with it and ${problem}; ${FIX}`;

describe("hpg-enc-01-proxy-secrets-cmk", () => {
    it("passes a PostgreSQL proxy whose secret in the stack is on a customer-managed key", async () => {
        expect(await validateStack(policy, [secret(CMK), proxy(SECRET_ARN)])).toEqual([]);
    });

    it("blocks a proxy's secret without kmsKeyId", async () => {
        expect(lines(await validateStack(policy, [secret(undefined), proxy(SECRET_ARN)]))).toEqual([
            mandatory("kmsKeyId is not set, so Secrets Manager encrypts it with the AWS-managed key aws/secretsmanager"),
        ]);
    });

    it.each(["alias/aws/secretsmanager", "arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager"])("blocks a proxy's secret on the AWS-managed key %s", async (kmsKeyId) => {
        expect(lines(await validateStack(policy, [secret(kmsKeyId), proxy(SECRET_ARN)]))).toEqual([mandatory(`kmsKeyId is '${kmsKeyId}', an AWS-managed key`)]);
    });

    it("reports a secret once, naming every proxy that logs in with it", async () => {
        expect(lines(await validateStack(policy, [secret(""), proxy(SECRET_ARN), proxy(SECRET_ARN, { name: "reports-proxy", engineFamily: "postgresql" })]))).toEqual([
            mandatory("kmsKeyId is not set, so Secrets Manager encrypts it with the AWS-managed key aws/secretsmanager", "'orders-proxy', 'reports-proxy'"),
        ]);
    });

    it("leaves alone a secret no proxy names, and a secretArn outside the stack", async () => {
        expect(await validateStack(policy, [secret(undefined), proxy(OUTSIDE_ARN)])).toEqual([]);
    });

    it.each(["MYSQL", "SQLSERVER"])("leaves alone the secret of a %s proxy", async (engineFamily) => {
        expect(await validateStack(policy, [secret(undefined), proxy(SECRET_ARN, { engineFamily })])).toEqual([]);
    });

    it("during preview, finds a new secret through the proxy's dependency on it", async () => {
        const newSecret = secret(undefined, UNKNOWN.string);
        expect(lines(await validateStack(policy, [newSecret, proxy(UNKNOWN.string, { dependsOnSecrets: [newSecret] })]))).toEqual([
            mandatory("kmsKeyId is not set, so Secrets Manager encrypts it with the AWS-managed key aws/secretsmanager"),
        ]);
    });

    it("can't run during preview while a secretArn is unknown and comes from no secret of the stack", async () => {
        expect(lines(await validateStack(policy, [secret(undefined), proxy(UNKNOWN.string)]))).toEqual([
            cantRunDuringPreview("hpg-enc-01-proxy-secrets-cmk", "string value at .auths.0.secretArn"),
        ]);
    });

    it("can't run during preview while the secret's kmsKeyId is unknown", async () => {
        expect(lines(await validateStack(policy, [secret(UNKNOWN.string), proxy(SECRET_ARN)]))).toEqual([
            cantRunDuringPreview("hpg-enc-01-proxy-secrets-cmk", "string value at .kmsKeyId"),
        ]);
    });
});
