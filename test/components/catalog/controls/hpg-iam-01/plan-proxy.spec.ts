import * as aws from "@pulumi/aws";
import { proxyIamAuth as policy } from "../../../../../components/catalog/controls/hpg-iam-01/plan-proxy";
import { lines, resource, UNKNOWN, cantRunDuringPreview, validateResource } from "../../../../support/policy-harness";

const FIX = 'set iamAuth: "REQUIRED" on every auths entry, or defaultAuthScheme: "IAM_AUTH"';
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-app";
type Auth = { iamAuth?: string; secretArn?: string; username?: string };
const proxy = (overrides: { auths?: Auth[]; defaultAuthScheme?: string; engineFamily?: string }) =>
    resource(aws.rds.Proxy, "orders-proxy", {
        engineFamily: "POSTGRESQL",
        roleArn: "arn:aws:iam::123456789012:role/orders-proxy",
        vpcSubnetIds: ["subnet-0a1b2c3d"],
        auths: [{ authScheme: "SECRETS", iamAuth: "REQUIRED", secretArn: SECRET }],
        requireTls: true,
        ...overrides,
    });
const advisory = (problem: string) => `advisory [HPG-IAM-01] DB proxy 'orders-proxy': ${problem}; ${FIX}`;

describe("hpg-iam-01-proxy-iam-auth", () => {
    it("passes a PostgreSQL proxy whose every auths entry requires IAM", async () => {
        expect(await validateResource(policy, proxy({ auths: [{ iamAuth: "REQUIRED", secretArn: SECRET }, { iamAuth: "REQUIRED", username: "reporting" }] }))).toEqual([]);
    });

    it("passes a PostgreSQL proxy whose defaultAuthScheme is IAM_AUTH, whatever its auths", async () => {
        expect(await validateResource(policy, proxy({ defaultAuthScheme: "IAM_AUTH", auths: [] }))).toEqual([]);
        expect(await validateResource(policy, proxy({ defaultAuthScheme: "IAM_AUTH", auths: [{ iamAuth: "DISABLED", secretArn: SECRET }] }))).toEqual([]);
    });

    it("reports an entry whose iamAuth is DISABLED, by its secretArn", async () => {
        expect(lines(await validateResource(policy, proxy({ auths: [{ iamAuth: "DISABLED", secretArn: SECRET }] })))).toEqual([
            advisory(`auths[0] (secretArn '${SECRET}') has iamAuth 'DISABLED', so clients log in with passwords`),
        ]);
    });

    it("reports an entry whose iamAuth is unset, by its username, and only that entry", async () => {
        expect(lines(await validateResource(policy, proxy({ defaultAuthScheme: "NONE", auths: [{ iamAuth: "REQUIRED", secretArn: SECRET }, { username: "reporting", secretArn: SECRET }] })))).toEqual([
            advisory("auths[1] (username 'reporting') has no iamAuth, so RDS Proxy defaults to DISABLED and clients log in with passwords"),
        ]);
    });

    it("reports an entry with neither username nor secretArn by its index", async () => {
        expect(lines(await validateResource(policy, proxy({ auths: [{ iamAuth: "ENABLED" }] })))).toEqual([advisory("auths[0] has iamAuth 'ENABLED', so clients log in with passwords")]);
    });

    it("reports a proxy with no auths and no IAM_AUTH default", async () => {
        expect(lines(await validateResource(policy, proxy({ auths: undefined })))).toEqual([
            advisory("defaultAuthScheme is not IAM_AUTH and auths is empty, so no client is required to use IAM"),
        ]);
    });

    it("judges the engine family whatever its case", async () => {
        expect(lines(await validateResource(policy, proxy({ engineFamily: "postgresql", auths: [{ iamAuth: "DISABLED" }] })))).toEqual([
            advisory("auths[0] has iamAuth 'DISABLED', so clients log in with passwords"),
        ]);
    });

    it.each(["MYSQL", "SQLSERVER"])("leaves a %s proxy alone", async (engineFamily) => {
        expect(await validateResource(policy, proxy({ engineFamily, auths: [{ iamAuth: "DISABLED" }] }))).toEqual([]);
    });

    it("can't run during preview while an entry's iamAuth is unknown", async () => {
        expect(lines(await validateResource(policy, proxy({ auths: [{ iamAuth: UNKNOWN.string, secretArn: SECRET }] })))).toEqual([
            cantRunDuringPreview("hpg-iam-01-proxy-iam-auth", "string value at .auths.0.iamAuth"),
        ]);
    });
});
