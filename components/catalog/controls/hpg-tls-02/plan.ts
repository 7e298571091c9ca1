import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { declaredParameters, isPostgresFamily, PARAMETER_GROUP_KIND, parameterFindings } from "../../kit/plan/parameter-group";
import { control } from "./control";
import { TLS13_FAMILIES, tls13SupportProblem } from "./tls13-support";

/** HPG-TLS-02: the effective ssl_min_protocol_version is TLSv1.2 or higher, and one the family's RDS engine supports. */
export const minTlsVersion: ControlPolicy = {
    name: "hpg-tls-02-min-tls-version",
    judges: "parameter group: effective `ssl_min_protocol_version` ≥ TLSv1.2, and TLSv1.3 only on postgres16 or later",
    ...controlMetadata(control),
    validateResource: validateResourceOfType(aws.rds.ParameterGroup, (group, args, reportViolation) => {
        if (!isPostgresFamily(group.family)) {
            args.notApplicable(`family '${group.family}' is not an RDS PostgreSQL family`);
        }
        for (const finding of parameterFindings(group, control.id)) {
            reportViolation(violation(control.id, PARAMETER_GROUP_KIND, args.name, finding.problem, finding.fix));
        }
        const unsupported = tls13SupportProblem(group.family ?? "", declaredParameters(group).get("ssl_min_protocol_version"));
        if (unsupported !== undefined) {
            reportViolation(violation(control.id, PARAMETER_GROUP_KIND, args.name, unsupported, `set it to TLSv1.2, or use family ${TLS13_FAMILIES.join(" or ")}`));
        }
    }),
};
