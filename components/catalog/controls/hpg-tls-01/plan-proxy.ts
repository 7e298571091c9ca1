import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** The engine family of a proxy in front of RDS for PostgreSQL or Aurora PostgreSQL (CreateDBProxy EngineFamily). */
const POSTGRESQL_FAMILY = "postgresql";

/** HPG-TLS-01: an RDS Proxy in front of PostgreSQL refuses clients that don't use TLS, as the server itself does. */
export const proxyRequireTls: ControlPolicy = {
    name: "hpg-tls-01-proxy-require-tls",
    judges: "`aws.rds.Proxy` (engine family POSTGRESQL): `requireTls` true (unset = RDS Proxy's false)",
    ...controlMetadata(control),
    validateResource: validateResourceOfType(aws.rds.Proxy, (proxy, args, reportViolation) => {
        if (proxy.engineFamily.toLowerCase() !== POSTGRESQL_FAMILY) {
            return args.notApplicable(`the proxy's engine family is ${proxy.engineFamily}`);
        }
        if (proxy.requireTls !== true) {
            // CreateDBProxy RequireTLS defaults to false: the proxy then accepts plaintext clients, whatever rds.force_ssl says.
            const problem = proxy.requireTls === false ? "requireTls is false" : "requireTls is not set, so RDS Proxy defaults to false";
            reportViolation(violation(control.id, "DB proxy", args.name, `${problem} and clients can connect to the proxy without TLS`, "set requireTls: true"));
        }
    }),
};
