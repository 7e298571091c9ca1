import { defineControl } from "../../control";

/** HPG-AVL-01: Multi-AZ standby. */
export const control = defineControl({
    id: "HPG-AVL-01",
    title: "Multi-AZ standby",
    requirement: "Instances in the HIPAA and PCI postures run a synchronous standby in a second availability zone.",
    frameworks: { "SOC 2": ["A1.2"], HIPAA: ["164.308(a)(7)(ii)(B)"], "PCI DSS 4.0": ["12.10.1"], "NIST 800-53 r5": ["CP-7", "CP-10"] },
    severity: "medium",
    enforcement: "mandatory",
    optOuts: [
        { name: "singleAz", allows: "multiAz: false in a posture that requires a standby (hipaa, pci)" },
    ],
    settings: ["multiAz=true (required by hipaa and pci; configurable in the pack)"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html"],
});
