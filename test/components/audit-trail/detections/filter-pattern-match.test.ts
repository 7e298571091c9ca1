import { filterPatternMatches } from "../../../../components/audit-trail/detections/filter-pattern-match";

const LINE = '2026-11-26 08:24:18 UTC:127.0.0.1(41184):hpg_admin@postgres:[27026]:LOG:  AUDIT: SESSION,4,1,ROLE,GRANT,TABLE,,"grant select on t to r",<not logged>,0';

test("quoted terms match anywhere, case-sensitively, and all must match", () => {
    expect(filterPatternMatches('"AUDIT: SESSION," ",ROLE,"', LINE)).toBe(true);
    expect(filterPatternMatches('"AUDIT: SESSION," ",DDL,"', LINE)).toBe(false);
    expect(filterPatternMatches('"audit: session,"', LINE)).toBe(false);
});

test("-term excludes, ?terms match any", () => {
    expect(filterPatternMatches('",ROLE," -":hpg_admin@"', LINE)).toBe(false);
    expect(filterPatternMatches('",ROLE," -":svc_migrate@"', LINE)).toBe(true);
    expect(filterPatternMatches('?"nothing here" ?"GRANT"', LINE)).toBe(true);
    expect(filterPatternMatches('?"nothing here" ?"REVOKE"', LINE)).toBe(false);
});

test("patterns outside the subset are refused, so they can't pass unjudged", () => {
    expect(() => filterPatternMatches('{ $.user = "x" }', LINE)).toThrow(/outside the evaluator's subset/);
    expect(() => filterPatternMatches("%GRANT%", LINE)).toThrow(/outside the evaluator's subset/);
    expect(() => filterPatternMatches('?"a" "b"', LINE)).toThrow(/doesn't combine/);
    expect(() => filterPatternMatches('"unclosed', LINE)).toThrow(/can't read the pattern/);
});
