import { defineControl } from "../../control";

/** HPG-BAK-02: Deletion guarded. */
export const control = defineControl({
    id: "HPG-BAK-02",
    title: "Deletion guarded",
    requirement: "The instance has deletion protection and leaves a named final snapshot if it is deleted.",
    frameworks: { "SOC 2": ["A1.2", "CC6.1"], HIPAA: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"], "PCI DSS 4.0": ["12.10.1"], "NIST 800-53 r5": ["CP-9", "CP-10"] },
    severity: "high",
    enforcement: "mandatory",
    optOuts: [
        { name: "deletionProtection", allows: "deletionProtection: false and no Pulumi protect on the instance (ephemeral environments)" },
    ],
    settings: ["deletionProtection=true", "skipFinalSnapshot=false with finalSnapshotIdentifier", "Pulumi protect on the instance (advised, not required)"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html", "https://www.pulumi.com/docs/iac/concepts/options/protect/"],
});
