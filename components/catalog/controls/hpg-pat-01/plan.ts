import { RESOURCE_DEFAULTS, judgedValue } from "../../facts/resource-defaults";
import { SUPPORTED_ENGINE_MAJORS } from "../..";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { instancePolicy, isAuroraMember, isReadReplica } from "../../kit/plan/rds-instance";
import { control } from "./control";

export const ENGINE_DEFAULTS = { allowedEngineMajors: [...SUPPORTED_ENGINE_MAJORS] };

/** HPG-PAT-01: a supported PostgreSQL major version, pinned, that takes minor-version security patches automatically. */
export const supportedEngine = instancePolicy({
    control,
    name: "hpg-pat-01-supported-engine",
    judges: "instance: pinned `engineVersion` of an allowed major; `autoMinorVersionUpgrade` not false",
    auroraMember: "instance",
    configSchema: configSchema(ENGINE_DEFAULTS, {
        allowedEngineMajors: { type: "array", description: "PostgreSQL major versions an instance may run." },
    }),
    validate: (instance, args, report) => {
        const { allowedEngineMajors } = configWithDefaults(ENGINE_DEFAULTS, args);
        const fix = `set engineVersion to a major in ${allowedEngineMajors.join(", ")}`;
        // CreateDBInstance EngineVersion: an Aurora member runs its cluster's version; only its upgrade setting is its own.
        if (!isAuroraMember(instance)) {
            const version = instance.engineVersion;
            if (version === undefined || version === "") {
                // CreateDBInstanceReadReplica takes no EngineVersion: a replica without one runs its source's, judged there.
                if (!isReadReplica(instance)) {
                    report("engineVersion is not set, so RDS picks its current default major", fix);
                }
            } else {
                const major = /^(\d+)/.exec(version)?.[1];
                if (major === undefined || !(allowedEngineMajors as readonly string[]).includes(major)) {
                    report(`engineVersion '${version}' is not a supported major`, fix);
                }
            }
        }
        if (judgedValue(RESOURCE_DEFAULTS.instanceAutoMinorVersionUpgrade, instance.autoMinorVersionUpgrade) === false) {
            // A pinned minor needs it off (RDS would move the instance past the pin), so it is waivable with a reason.
            report("autoMinorVersionUpgrade is false, so minor-version security patches are not applied", "set autoMinorVersionUpgrade: true", "autoMinorVersionUpgrade");
        }
    },
});
