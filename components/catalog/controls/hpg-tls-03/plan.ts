import { CURRENT_RDS_CAS } from "../..";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { instancePolicy } from "../../kit/plan/rds-instance";
import { control } from "./control";

export const CA_DEFAULTS = { allowedCaCertIdentifiers: [...CURRENT_RDS_CAS] };

/** HPG-TLS-03: the server certificate comes from a current RDS certificate authority, set explicitly. */
export const currentCa = instancePolicy({
    control,
    name: "hpg-tls-03-current-ca",
    judges: "instance: `caCertIdentifier` set to a current CA",
    auroraMember: "instance",
    configSchema: configSchema(CA_DEFAULTS, {
        allowedCaCertIdentifiers: { type: "array", description: "RDS certificate authorities an instance may use." },
    }),
    validate: (instance, args, report) => {
        const { allowedCaCertIdentifiers } = configWithDefaults(CA_DEFAULTS, args);
        const fix = `set caCertIdentifier to one of ${allowedCaCertIdentifiers.join(", ")}`;
        const ca = instance.caCertIdentifier;
        if (ca === undefined || ca === "") {
            report("caCertIdentifier is not set, so RDS picks the region's default CA", fix);
        } else if (!allowedCaCertIdentifiers.includes(ca)) {
            report(`caCertIdentifier is '${ca}', not a current CA`, fix);
        }
    },
});
