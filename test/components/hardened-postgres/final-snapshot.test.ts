import * as pulumi from "@pulumi/pulumi";
import { createFinalSnapshotIdentifier, FINAL_SNAPSHOT_SUFFIX_BYTES, finalSnapshotIdentifier, isValidSnapshotIdentifier } from "../../../components/hardened-postgres/final-snapshot";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("finalSnapshotIdentifier", () => {
    it("is <identifier>-final-<suffix>", () => {
        expect(finalSnapshotIdentifier("orders-db", "0a1b2c3d")).toBe("orders-db-final-0a1b2c3d");
    });

    it("is a valid RDS snapshot identifier for the longest and shortest RDS identifiers", () => {
        expect(isValidSnapshotIdentifier(finalSnapshotIdentifier("a", "00000000"))).toBe(true);
        expect(isValidSnapshotIdentifier(finalSnapshotIdentifier(`a${"b".repeat(62)}`, "ffffffff"))).toBe(true);
    });
});

describe("isValidSnapshotIdentifier (RDS: 1-255 letters, digits and hyphens, a letter first, no '--', no trailing '-')", () => {
    it.each(["a", "orders-final-0a1b2c3d", `a${"1".repeat(254)}`])("accepts %s", (id) => expect(isValidSnapshotIdentifier(id)).toBe(true));
    it.each([
        ["empty", ""],
        ["a digit first", "1orders"],
        ["a hyphen first", "-orders"],
        ["two hyphens", "orders--final"],
        ["a trailing hyphen", "orders-final-"],
        ["an underscore", "orders_final"],
        ["256 characters", `a${"1".repeat(255)}`],
    ])("refuses %s", (_why, id) => expect(isValidSnapshotIdentifier(id)).toBe(false));
});

describe("createFinalSnapshotIdentifier", () => {
    it("suffixes the identifier with a RandomId kept by the inputs that replace the instance", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "snap", {}, { transformations: [recorder.captureOptions] });
        const id = await valueOf(createFinalSnapshotIdentifier("snap", { identifier: "orders-db", dbName: "orders", masterUsername: "orders_admin" }, KEY_ARN, parent));
        await recorder.settle();
        expect(recorder.one("random:index/randomId:RandomId", "snap-final-snapshot-suffix").inputs).toEqual({
            byteLength: FINAL_SNAPSHOT_SUFFIX_BYTES,
            keepers: { identifier: "orders-db", dbName: "orders", masterUsername: "orders_admin", keyArn: KEY_ARN },
        });
        expect(FINAL_SNAPSHOT_SUFFIX_BYTES).toBe(4);
        // The mock's bytes are all 7s.
        expect(id).toBe("orders-db-final-07070707");
        expect(isValidSnapshotIdentifier(id)).toBe(true);
    });
});
