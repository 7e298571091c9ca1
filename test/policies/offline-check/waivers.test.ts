import { AnalyzedResource } from "../../../policies/offline-check/evaluate";
import { waiversInForce } from "../../../policies/offline-check/waivers";
import { OPT_OUTS } from "../../../components/catalog";

const resource = (type: string, name: string, tags: unknown): AnalyzedResource => ({
    type,
    name,
    urn: `urn:pulumi:dev::p::${type}::${name}`,
    inputs: { tags },
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    dependencies: [],
    propertyDependencies: {},
});

const singleAz = OPT_OUTS.find((o) => o.name === "singleAz")!;

describe("waiversInForce: the named waivers the pack honours, each with its control and reason", () => {
    it("lists an hpg-opt-out:<name> tag with a reason on a hand-written instance", () => {
        expect(waiversInForce([resource("aws:rds/instance:Instance", "orders-db", { "hpg-opt-out:singleAz": " staging, rebuilt nightly " })])).toEqual([
            {
                urn: "urn:pulumi:dev::p::aws:rds/instance:Instance::orders-db",
                type: "aws:rds/instance:Instance",
                name: "orders-db",
                control: singleAz.control,
                optOut: "singleAz",
                allows: singleAz.allows,
                reason: "staging, rebuilt nightly",
            },
        ]);
    });

    it.each([
        ["a tag naming no opt-out (the pack reports it as waiving nothing)", "aws:rds/instance:Instance", { "hpg-opt-out:singleAZ": "typo" }],
        ["a tag without a reason", "aws:rds/instance:Instance", { "hpg-opt-out:singleAz": " " }],
        ["an instance without tags", "aws:rds/instance:Instance", undefined],
        ["a resource the pack reads no waiver from", "aws:rds/parameterGroup:ParameterGroup", { "hpg-opt-out:singleAz": "reason" }],
    ])("leaves out %s", (_case, type, tags) => {
        expect(waiversInForce([resource(type, "r", tags)])).toEqual([]);
    });
});
