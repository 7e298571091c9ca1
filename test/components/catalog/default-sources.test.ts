import { FAMILIES, REQUIRED_PARAMETERS, confirmedRdsParameterDefaults, defaultSourceFor, unconfirmedDefaultParameters } from "../../../components/catalog";

describe("the source of each RDS default a required parameter relies on", () => {
    it.each(REQUIRED_PARAMETERS.map((p) => [p.name, p] as const))("%s has a source record in every family", (_name, parameter) => {
        for (const family of FAMILIES) {
            const source = defaultSourceFor(parameter, family);
            if (source.confirmed) {
                expect({ family, https: /^https:\/\/\S+$/.test(source.url), states: source.states.trim().length > 0 }).toEqual({ family, https: true, states: true });
            } else {
                expect({ family, why: source.why.trim().length > 0 }).toEqual({ family, why: true });
            }
        }
    });

    it("records which defaults are confirmed: only rds.force_ssl's, which AWS states per major", () => {
        expect(REQUIRED_PARAMETERS.filter((p) => FAMILIES.every((f) => defaultSourceFor(p, f).confirmed)).map((p) => p.name)).toEqual(["rds.force_ssl"]);
    });

    it.each(FAMILIES)("leaves no unconfirmed default in %s's confirmed defaults", (family) => {
        const confirmed = confirmedRdsParameterDefaults(family);
        expect(unconfirmedDefaultParameters(family).filter((p) => p.name in confirmed)).toEqual([]);
        expect(confirmed["rds.force_ssl"]).toBe(family === "postgres14" ? "0" : "1");
        expect(confirmed.ssl_min_protocol_version).toBeUndefined();
    });
});
