import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** The engine family of a proxy in front of RDS for PostgreSQL or Aurora PostgreSQL (CreateDBProxy EngineFamily). */
const POSTGRESQL_FAMILY = "postgresql";

/** CreateDBProxy DefaultAuthScheme: clients and the proxy itself authenticate with IAM, and no `auths` are needed. */
const IAM_AUTH_SCHEME = "IAM_AUTH";

/** UserAuthConfig IAMAuth: clients must present an IAM token for this database user. */
const IAM_REQUIRED = "REQUIRED";

const FIX = `set iamAuth: "${IAM_REQUIRED}" on every auths entry, or defaultAuthScheme: "${IAM_AUTH_SCHEME}"`;

/** An `auths` entry as a reader finds it in the program: its index and, if it has one, its username or secret. */
function describeAuth(i: number, auth: { username?: string; secretArn?: string }): string {
    const who = auth.username !== undefined ? ` (username '${auth.username}')` : auth.secretArn !== undefined ? ` (secretArn '${auth.secretArn}')` : "";
    return `auths[${i}]${who}`;
}

/** HPG-IAM-01 (advisory) on RDS Proxy: clients of a proxy in front of PostgreSQL log in with IAM tokens, as they would at the database. */
export const proxyIamAuth: ControlPolicy = {
    name: "hpg-iam-01-proxy-iam-auth",
    judges: '`aws.rds.Proxy` (engine family POSTGRESQL): `defaultAuthScheme` "IAM_AUTH", or every `auths[]` entry `iamAuth` "REQUIRED" (unset = RDS Proxy\'s DISABLED)',
    ...controlMetadata(control),
    validateResource: validateResourceOfType(aws.rds.Proxy, (proxy, args, reportViolation) => {
        if (proxy.engineFamily.toLowerCase() !== POSTGRESQL_FAMILY) {
            return args.notApplicable(`the proxy's engine family is ${proxy.engineFamily}`);
        }
        if (proxy.defaultAuthScheme === IAM_AUTH_SCHEME) {
            return;
        }
        const report = (problem: string) => reportViolation(violation(control.id, "DB proxy", args.name, problem, FIX));
        const auths = proxy.auths ?? [];
        if (auths.length === 0) {
            report(`defaultAuthScheme is not ${IAM_AUTH_SCHEME} and auths is empty, so no client is required to use IAM`);
        }
        auths.forEach((auth, i) => {
            // UserAuthConfig IAMAuth defaults to DISABLED: the proxy then takes the secret's password from any client.
            if (auth.iamAuth === undefined) {
                report(`${describeAuth(i, auth)} has no iamAuth, so RDS Proxy defaults to DISABLED and clients log in with passwords`);
            } else if (auth.iamAuth !== IAM_REQUIRED) {
                report(`${describeAuth(i, auth)} has iamAuth '${auth.iamAuth}', so clients log in with passwords`);
            }
        });
    }),
};
