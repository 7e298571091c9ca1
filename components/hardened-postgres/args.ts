import type * as pulumi from "@pulumi/pulumi";
import { OptOutName } from "../catalog";
import type { HARDENED_POSTGRES_ARGUMENTS, ArgumentValue } from "./arguments";
import type { HardenedPostgresArgs } from "./args.generated";

// The interface is generated from the argument declarations (arguments.ts), with a JSDoc and default on every property.
export type { HardenedPostgresArgs };

/**
 * Named weakenings, each given a reason (a non-empty string). The names are the catalog's opt-outs (each control module
 * declares its own); the reasons are kept in the component's `optOuts` output and in `hpg-opt-out:<name>` tags, which
 * the policy pack reads as waivers and reports.
 */
export type HardenedPostgresOptOuts = Partial<Record<OptOutName, string>>;

/** An extra parameter for the parameter group. A value that weakens a control is an error. */
export interface UserParameter {
    name: string;
    value: string;
    /** Default "immediate"; static parameters need "pending-reboot". */
    applyMethod?: "immediate" | "pending-reboot";
}

/** Each declaration's value type, against the generated property type: a wrong `type` text fails to compile here. */
type DeclaredTypes = { [K in keyof typeof HARDENED_POSTGRES_ARGUMENTS]: ArgumentValue<K> };
type GeneratedTypes = { [K in keyof HardenedPostgresArgs]-?: pulumi.Unwrap<NonNullable<HardenedPostgresArgs[K]>> };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type MustHold<T extends true> = T;
// eslint-disable-next-line @typescript-eslint/no-unused-vars
type DeclaredAndGeneratedAgree = MustHold<Same<DeclaredTypes, GeneratedTypes>>;
