import { instancePolicy } from "../rds-instance";

/** HPG-NET-01: the instance has no public endpoint. */
export const notPubliclyAccessible = instancePolicy({
    control: "HPG-NET-01",
    name: "hpg-net-01-not-publicly-accessible",
    validate: (instance, _args, report) => {
        if (instance.publiclyAccessible === true) {
            report("publiclyAccessible is true, so the endpoint resolves to a public IP", "set publiclyAccessible: false and reach it from private subnets");
        }
    },
});
