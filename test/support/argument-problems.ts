import { HardenedPostgresArgs } from "../../components/hardened-postgres/args";
import { InvalidArgumentsError, validateHardenedPostgresArgs } from "../../components/hardened-postgres/validate";

/** The network every argument test starts from: the three required arguments, valid. */
export const VALID_NETWORK: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };

/** The problems construction reports for `args` over a valid network, or [] when valid (any other error is thrown). */
export function problemsOf(args: Partial<HardenedPostgresArgs> | Record<string, unknown>, name = "orders-db"): string[] {
    try {
        validateHardenedPostgresArgs(name, { ...VALID_NETWORK, ...args } as HardenedPostgresArgs);
        return [];
    } catch (e) {
        if (e instanceof InvalidArgumentsError) {
            return e.problems;
        }
        throw e;
    }
}
