import { describeActor, eventAlertFields, eventEvidence, statementExcerpt } from "./alert-evidence";
import { rdsSampleLine } from "./sample-lines";
import { oneEventPerStatement } from "./classified-access";
import { auditLinesSql } from "./athena-sql";
import type { Alert, DetectionDefinition, DetectionInput } from "./detection";
import { allTermsPattern } from "./filter-pattern";

/** pgaudit's ROLE class: GRANT, REVOKE, CREATE/ALTER/DROP ROLE (pgaudit README, pgaudit.log). */
export const ROLE_CLASS = "ROLE";

/** Role and privilege changes: every pgaudit ROLE record, one alert per statement. */
export const privilegeChange: DetectionDefinition = {
    id: "privilege-change",
    title: "Role or privilege change",
    description: "A role was created, altered or dropped, or a privilege granted or revoked: who can read PHI changed, and every such change must be explained.",
    severity: "high",
    frameworks: {
        HIPAA: ["164.308(a)(4)(ii)(C)", "164.312(b)"],
        "SOC 2": ["CC6.2", "CC6.3"],
        "PCI DSS 4.0": ["10.2.1.5", "7.2.4"],
        "NIST 800-53 r5": ["AC-2(4)", "AC-6(9)", "AU-12"],
    },
    evaluate(input: DetectionInput): Alert[] {
        // A GRANT on several objects is one statement: one alert.
        return oneEventPerStatement(input.events.filter((e) => e.record.class === ROLE_CLASS)).map((event) => ({
            detection: "privilege-change",
            severity: "high",
            summary: `${describeActor(event)} ran ${event.record.command}: ${statementExcerpt(event.record.statement)}`,
            ...eventAlertFields(event),
            evidence: eventEvidence([event], input.entries),
        }));
    },
    cloudwatch: () => ({
        kind: "metric-filter",
        // `AUDIT: SESSION,<statement>,<substatement>,ROLE,…`: the class is the fourth field; pgaudit logs ROLE as SESSION.
        filterPattern: allTermsPattern(["AUDIT: SESSION,", `,${ROLE_CLASS},`]),
        samples: [rdsSampleLine({ host: "10.0.3.7", user: "hpg_admin", message: `AUDIT: SESSION,5,1,${ROLE_CLASS},GRANT,,,GRANT hpg_app_rw TO svc_new,<not logged>,0` })],
        metricName: "AuditPrivilegeChange",
        statistic: "Sum",
        threshold: 1,
        periodSeconds: 300,
        evaluationPeriods: 1,
        scope: "Also counts an AUDIT record whose statement text contains `,ROLE,`; the analyzer reads the class field itself.",
    }),
    athena: (_settings, table) =>
        [
            auditLinesSql(table),
            "SELECT event_time, person, tenant, role, object_name AS table_name, command AS operation, source_address, line",
            "FROM audit",
            `WHERE audit_class = '${ROLE_CLASS}'`,
            "ORDER BY event_time",
        ].join("\n"),
};
