import { defineControl } from "../../control";
import { SUPPORTED_ENGINE_MAJORS } from "../../facts/types";

/** HPG-PAT-01: Supported, patched engine. */
export const control = defineControl({
    id: "HPG-PAT-01",
    title: "Supported, patched engine",
    requirement: "The engine is a supported PostgreSQL major version and receives minor-version security patches automatically.",
    frameworks: { "SOC 2": ["CC7.1"], HIPAA: ["164.308(a)(5)(ii)(B)"], "PCI DSS 4.0": ["6.3.3"], "NIST 800-53 r5": ["SI-2"] },
    severity: "medium",
    enforcement: "mandatory",
    optOuts: [
        {
            name: "autoMinorVersionUpgrade",
            allows: "autoMinorVersionUpgrade: false, so minor versions are applied by hand (e.g. to pin engineVersion to a minor)",
        },
    ],
    settings: [`engine=postgres, engineVersion major in ${SUPPORTED_ENGINE_MAJORS.join(", ")}`, "autoMinorVersionUpgrade=true"],
    docs: [
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html",
    ],
});
