import { ControlId } from "../../components/catalog";
import { QueryEvidence } from "../../components/catalog/kit/live/types";

export * from "../../components/catalog/kit/live/types";

/**
 * `pass` and `fail` are judgements; `error` means the check could not run (usually a missing privilege),
 * which is never reported as a pass.
 */
export type CheckStatus = "pass" | "fail" | "error";
/** The result of one live control. */
export interface CheckResult {
    control: ControlId;
    title: string;
    status: CheckStatus;
    /** One line per violation; empty when the control passed. */
    findings: string[];
    /** What could not be checked and why (status `error` when there is no finding). */
    unverified: string[];
    /** Context an auditor needs to read the evidence (e.g. what was judged from where); never a judgement. */
    notes: string[];
    /** Set when the control passed without anything to judge, with the reason. */
    vacuous?: string;
    evidence: QueryEvidence[];
}
