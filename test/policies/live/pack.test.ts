import { CONTROLS } from "../../../components/catalog";
import { LIVE_CHECKS } from "../../../policies/live";

test("the live pack has exactly one check per catalog control with checks.live, in catalog order", () => {
    expect(LIVE_CHECKS.map((c) => c.control.id)).toEqual(CONTROLS.filter((c) => c.checks.live).map((c) => c.id));
});

test("the inventory is pinned: adding or removing a live check is a reviewed change", () => {
    expect(LIVE_CHECKS.map((c) => c.control.id)).toEqual([
        "HPG-TLS-01",
        "HPG-TLS-02",
        "HPG-AUD-01",
        "HPG-AUD-02",
        "HPG-AUD-03",
        "HPG-AUD-04",
        "HPG-AUD-05",
        "HPG-PWD-01",
        "HPG-ROLE-01",
        "HPG-ROLE-02",
        "HPG-ROLE-04",
        "HPG-RLS-01",
        "HPG-RLS-02",
    ]);
});

test("each check carries the catalog's control object itself, not a copy", () => {
    for (const check of LIVE_CHECKS) {
        expect(CONTROLS).toContain(check.control);
    }
});
