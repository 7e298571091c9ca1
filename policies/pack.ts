import { EnforcementLevel } from "@pulumi/policy";
import { ControlPolicy } from "./control-policy";
import { pgauditPreloaded } from "./rules/hpg-aud-01-pgaudit-preloaded";
import { pgauditLogClasses } from "./rules/hpg-aud-02-pgaudit-log-classes";
import { noLogParameter } from "./rules/hpg-aud-03-no-log-parameter";
import { logConnections } from "./rules/hpg-aud-04-log-connections";
import { pgauditRole } from "./rules/hpg-aud-05-pgaudit-role";
import { multiAz } from "./rules/hpg-avl-01-multi-az";
import { backupRetention } from "./rules/hpg-bak-01-backup-retention";
import { deletionGuarded } from "./rules/hpg-bak-02-deletion-guarded";
import { storageEncryptedWithCmk } from "./rules/hpg-enc-01-storage-encrypted-cmk";
import { kmsKeyRotation } from "./rules/hpg-enc-02-kms-key-rotation";
import { iamAuth } from "./rules/hpg-iam-01-iam-auth";
import { logExports } from "./rules/hpg-log-01-log-exports";
import { logRetention } from "./rules/hpg-log-02-log-retention";
import { logGroupEncrypted } from "./rules/hpg-log-03-log-group-encrypted";
import { logGroupsDeclared } from "./rules/hpg-log-04-log-groups-declared";
import { monitoring } from "./rules/hpg-mon-01-monitoring";
import { notPubliclyAccessible } from "./rules/hpg-net-01-not-publicly-accessible";
import { privateIngress } from "./rules/hpg-net-01-private-ingress";
import { supportedEngine } from "./rules/hpg-pat-01-supported-engine";
import { hardenedParameterGroup } from "./rules/hpg-prm-01-hardened-parameter-group";
import { scramPasswords } from "./rules/hpg-pwd-01-scram-passwords";
import { managedMasterPassword } from "./rules/hpg-pwd-02-managed-master-password";
import { noPrivilegedRoles } from "./rules/hpg-role-01-no-privileged-roles";
import { noPublicGrants } from "./rules/hpg-role-02-no-public-grants";
import { noAllToLoginRoles } from "./rules/hpg-role-03-no-all-to-login-roles";
import { snapshotTags } from "./rules/hpg-tag-01-snapshot-tags";
import { forceSsl } from "./rules/hpg-tls-01-force-ssl";
import { minTlsVersion } from "./rules/hpg-tls-02-min-tls-version";
import { currentCa } from "./rules/hpg-tls-03-current-ca";
import { clientSslmode } from "./rules/hpg-tls-04-client-sslmode";

/** Every policy of the pack, one per control, in control-id order. `index.ts` serves them; tests and `check` import them from here. */
export const POLICIES: readonly ControlPolicy[] = [
    pgauditPreloaded,
    pgauditLogClasses,
    noLogParameter,
    logConnections,
    pgauditRole,
    multiAz,
    backupRetention,
    deletionGuarded,
    storageEncryptedWithCmk,
    kmsKeyRotation,
    iamAuth,
    logExports,
    logRetention,
    logGroupEncrypted,
    logGroupsDeclared,
    monitoring,
    notPubliclyAccessible,
    privateIngress,
    supportedEngine,
    hardenedParameterGroup,
    scramPasswords,
    managedMasterPassword,
    noPrivilegedRoles,
    noPublicGrants,
    noAllToLoginRoles,
    snapshotTags,
    forceSsl,
    minTlsVersion,
    currentCa,
    clientSslmode,
];

/** The pack's name, as `pulumi preview --policy-pack` and diagnostics show it. */
export const PACK_NAME = "hardened-postgres";

/** Every policy is mandatory unless it says otherwise (HPG-IAM-01 is advisory). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";
