import * as aws from "@pulumi/aws";
import { proxyRequireTls as policy } from "../../../../../components/catalog/controls/hpg-tls-01/plan-proxy";
import { lines, resource, UNKNOWN, cantRunDuringPreview, validateResource } from "../../../../support/policy-harness";

const FIX = "set requireTls: true";
const proxy = (overrides: { requireTls?: boolean; engineFamily?: string }) =>
    resource(aws.rds.Proxy, "orders-proxy", {
        engineFamily: "POSTGRESQL",
        roleArn: "arn:aws:iam::123456789012:role/orders-proxy",
        vpcSubnetIds: ["subnet-0a1b2c3d"],
        auths: [{ authScheme: "SECRETS", iamAuth: "REQUIRED", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-app" }],
        requireTls: true,
        ...overrides,
    });

describe("hpg-tls-01-proxy-require-tls", () => {
    it("passes a PostgreSQL proxy that requires TLS", async () => {
        expect(await validateResource(policy, proxy({}))).toEqual([]);
    });

    it.each([
        ["false", false, "requireTls is false"],
        ["unset", undefined, "requireTls is not set, so RDS Proxy defaults to false"],
    ])("blocks a PostgreSQL proxy whose requireTls is %s", async (_case, requireTls, problem) => {
        expect(lines(await validateResource(policy, proxy({ requireTls })))).toEqual([
            `mandatory [HPG-TLS-01] DB proxy 'orders-proxy': ${problem} and clients can connect to the proxy without TLS; ${FIX}`,
        ]);
    });

    it("judges the engine family whatever its case", async () => {
        expect(lines(await validateResource(policy, proxy({ engineFamily: "postgresql", requireTls: false })))).toEqual([
            `mandatory [HPG-TLS-01] DB proxy 'orders-proxy': requireTls is false and clients can connect to the proxy without TLS; ${FIX}`,
        ]);
    });

    it.each(["MYSQL", "SQLSERVER"])("leaves a %s proxy alone", async (engineFamily) => {
        expect(await validateResource(policy, proxy({ engineFamily, requireTls: false }))).toEqual([]);
    });

    it("can't run during preview while requireTls is unknown", async () => {
        expect(lines(await validateResource(policy, proxy({ requireTls: UNKNOWN.boolean })))).toEqual([cantRunDuringPreview("hpg-tls-01-proxy-require-tls", "boolean value at .requireTls")]);
    });
});
