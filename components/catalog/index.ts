// The control catalog: the controls (one module each, under controls/) and the facts they share (facts/).
// The plan-time rules and live checks of each module are not re-exported here: they load @pulumi/policy and @pulumi/aws,
// which a library user building a stack does not need. policies/ assembles them.
export * from "./facts/types";
export * from "./facts/parameters";
export * from "./facts/postures";
export * from "./facts/pgaudit";
export * from "./facts/tls";
export * from "./facts/network";
export * from "./facts/classification";
export * from "./facts/roles";
export * from "./facts/tags";
export * from "./facts/tenant-context";
export * from "./control";
export * from "./controls-by-id";
export * from "./required-parameters";
export * from "./controls-markdown";
