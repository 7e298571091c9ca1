import { defineControl } from "../../control";

/** HPG-PRM-01: Hardened parameter group attached. */
export const control = defineControl({
    id: "HPG-PRM-01",
    title: "Hardened parameter group attached",
    requirement: "Every instance uses a custom parameter group that the stack declares and that passes every parameter control, or one on the allow-list.",
    frameworks: { "SOC 2": ["CC7.1"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["2.2.1"], "NIST 800-53 r5": ["CM-2", "CM-6"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["parameterGroupName set to a group declared in the stack, never default.postgresNN"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html"],
});
