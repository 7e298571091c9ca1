import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { OPT_OUTS, optOutByName, optOutTag } from "../../components/catalog";
import { PackPolicy } from "../../components/catalog/kit/plan/control-policy";
import { optOutWaivers as waiversOf, optOutsWithoutReason } from "../../components/catalog/kit/plan/opt-out-waivers";
import { INSTANCE_KIND } from "../../components/catalog/kit/plan/rds-instance";

/** The policy that reports waivers; it judges no control of its own, so it is not in the control catalog. */
export const OPT_OUT_WAIVERS_POLICY = "hpg-opt-out-waivers";

/**
 * Every named waiver in force, reported as an advisory so that `pulumi preview` and `check` show it: which control it
 * weakens, on which instance, and the reason. A waiver tag naming no opt-out, or an opt-out listed without a reason,
 * waives nothing and is reported too, so a typo can't pass for a waiver.
 */
export const optOutWaivers: PackPolicy = {
    name: OPT_OUT_WAIVERS_POLICY,
    judges: `instance: each \`${optOutTag("<name>")}\` tag (a named opt-out with its reason) is listed with the control it weakens`,
    description: "Lists the named opt-outs (waivers with a reason) in force on PostgreSQL instances, and waiver tags that waive nothing.",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation) => {
        const waivers = waiversOf(instance.tags);
        if (waivers.size === 0 && optOutsWithoutReason(instance.tags).length === 0) {
            args.notApplicable("the instance carries no opt-out");
        }
        for (const [name, reason] of [...waivers].sort(([a], [b]) => a.localeCompare(b))) {
            const optOut = optOutByName(name);
            reportViolation(
                optOut === undefined
                    ? `${INSTANCE_KIND} '${args.name}': tag ${optOutTag(name)} names no opt-out, so it waives nothing; opt-outs: ${OPT_OUTS.map((o) => o.name).join(", ")}`
                    : `[${optOut.control}] ${INSTANCE_KIND} '${args.name}': waived by opt-out ${name} (${optOut.allows}); reason: ${reason}`,
            );
        }
        for (const name of optOutsWithoutReason(instance.tags)) {
            reportViolation(`${INSTANCE_KIND} '${args.name}': opt-out ${name} is listed without a ${optOutTag(name)} reason tag, so it waives nothing`);
        }
    }),
};
