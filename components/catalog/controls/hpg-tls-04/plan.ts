import { VERIFYING_SSLMODES } from "../..";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** Provider resources have this type; @pulumi/postgresql's Provider class carries only `postgresql`, so isType can't match it. */
export const POSTGRESQL_PROVIDER_TYPE = "pulumi:providers:postgresql";

/**
 * HPG-TLS-04: every postgresql provider, explicit or default, verifies the server certificate. Default providers
 * appear in the stack as `pulumi:providers:postgresql` resources too, with the stack's `postgresql:*` config as inputs.
 */
export const clientSslmode: ControlPolicy = {
    name: "hpg-tls-04-client-sslmode",
    judges: "stack: every `pulumi:providers:postgresql` (explicit or default) has `sslmode` verify-full or verify-ca",
    ...controlMetadata(control),
    validateStack: (args, reportViolation) => {
        const providers = args.resources.filter((r) => r.type === POSTGRESQL_PROVIDER_TYPE);
        if (providers.length === 0) {
            args.notApplicable("the stack has no postgresql provider");
        }
        for (const provider of providers) {
            // `sslMode` is the provider's deprecated spelling of `sslmode`.
            const mode: string | undefined = provider.props.sslmode ?? provider.props.sslMode;
            if (mode === undefined || !VERIFYING_SSLMODES.includes(mode)) {
                const shown = mode === undefined || mode === "" ? "sslmode is not set" : `sslmode is '${mode}'`;
                reportViolation(
                    violation(control.id, "postgresql provider", provider.name, `${shown}, so the client does not verify the server`, `set sslmode to ${VERIFYING_SSLMODES.join(" (or ")}) with sslrootcert set to the RDS CA bundle`),
                    provider.urn,
                );
            }
        }
    },
};
