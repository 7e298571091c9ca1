import { RESOURCE_DEFAULTS, judgedValue } from "../../facts/resource-defaults";
import { instancePolicy } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** HPG-NET-01: the instance has no public endpoint. */
export const notPubliclyAccessible = instancePolicy({
    control,
    name: "hpg-net-01-not-publicly-accessible",
    judges: "instance: not `publiclyAccessible`",
    auroraMember: "instance",
    validate: (instance, _args, report) => {
        if (judgedValue(RESOURCE_DEFAULTS.instancePubliclyAccessible, instance.publiclyAccessible) === true) {
            report("publiclyAccessible is true, so the endpoint resolves to a public IP", "set publiclyAccessible: false and reach it from private subnets");
        }
    },
});
