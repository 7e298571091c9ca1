import { RESERVED_MASTER_USERNAMES } from "../..";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { instancePolicy, isReadReplica } from "../../kit/plan/rds-instance";
import { control } from "./control";

export const MASTER_USER_DEFAULTS = { reservedMasterUsernames: [...RESERVED_MASTER_USERNAMES] };

/** HPG-PWD-02: Secrets Manager generates and rotates the master password; it never appears in state. */
export const managedMasterPassword = instancePolicy({
    control,
    name: "hpg-pwd-02-managed-master-password",
    judges: "instance: `manageMasterUserPassword`, no `password`/`passwordWo`, master user not a reserved name",
    // CreateDBInstance MasterUsername, MasterUserPassword, ManageMasterUserPassword: managed by an Aurora member's cluster.
    auroraMember: "cluster-level",
    configSchema: configSchema(MASTER_USER_DEFAULTS, {
        reservedMasterUsernames: { type: "array", description: "Master user names that may not be used (compared case-insensitively)." },
    }),
    validate: (instance, args, report) => {
        const { reservedMasterUsernames } = configWithDefaults(MASTER_USER_DEFAULTS, args);
        // CreateDBInstanceReadReplica takes no master user: a replica's is its source's, judged there. A password given is still in state.
        const replica = isReadReplica(instance);
        if (!replica && instance.manageMasterUserPassword !== true) {
            report("manageMasterUserPassword is not true", "set manageMasterUserPassword: true so Secrets Manager generates and rotates the password");
        }
        if (instance.password !== undefined) {
            report("password is set, so the master password is stored in state", "remove password and set manageMasterUserPassword: true");
        }
        if (instance.passwordWo !== undefined) {
            report("passwordWo is set, so the master password is chosen outside Secrets Manager and never rotated", "remove passwordWo and set manageMasterUserPassword: true");
        }
        const username = instance.username;
        if (!replica && username !== undefined && reservedMasterUsernames.map((u) => u.toLowerCase()).includes(username.toLowerCase())) {
            report(`master username '${username}' is a well-known name`, "set username to a non-default name");
        }
    },
});
