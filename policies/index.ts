import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "./crossguard/pack";

// Constructing a PolicyPack starts the analyzer's gRPC server: nothing may import this file. Import ./pack instead.
new PolicyPack(PACK_NAME, { policies: [...POLICIES], enforcementLevel: PACK_ENFORCEMENT_LEVEL });
