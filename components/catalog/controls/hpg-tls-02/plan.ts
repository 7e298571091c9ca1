import { ControlPolicy } from "../../kit/plan/control-policy";
import { declaredParameters, parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";
import { TLS13_FAMILIES, tls13SupportProblem } from "./tls13-support";

/** HPG-TLS-02: the effective ssl_min_protocol_version is TLSv1.2 or higher, and one the family's RDS engine supports. */
export const minTlsVersion: ControlPolicy = parameterGroupPolicy(
    control,
    "hpg-tls-02-min-tls-version",
    "parameter group: effective `ssl_min_protocol_version` ≥ TLSv1.2, and TLSv1.3 only on postgres16 or later",
    (group) => {
        const unsupported = tls13SupportProblem(group.family ?? "", declaredParameters(group).get("ssl_min_protocol_version"));
        return unsupported === undefined ? [] : [{ problem: unsupported, fix: `set it to TLSv1.2, or use family ${TLS13_FAMILIES.join(" or ")}` }];
    },
);
