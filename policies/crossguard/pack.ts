import { EnforcementLevel } from "@pulumi/policy";
import { PackPolicy } from "../../components/catalog/kit/plan/control-policy";
import { RULES } from "./rules.generated";
import { optOutWaivers } from "./opt-out-waivers";

/** Every policy of the pack: each control module's rules, in control-id order, then the report of waivers in force. */
export const POLICIES: readonly PackPolicy[] = [...RULES, optOutWaivers];

/** The pack's name, as `pulumi preview --policy-pack` and diagnostics show it. */
export const PACK_NAME = "hardened-postgres";

/** The pack's default level; each policy carries its control's own level (HPG-IAM-01 is advisory). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";
