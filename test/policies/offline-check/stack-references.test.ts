import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackReferenceOutputs } from "../../../policies/offline-check/stack-references";

describe("readStackReferenceOutputs", () => {
    let dir = "";
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-stack-reference-outputs-"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (text: string) => {
        const file = path.join(dir, "outputs.json");
        fs.writeFileSync(file, text);
        return file;
    };

    it("reads each referenced stack's outputs by its name", () => {
        expect(readStackReferenceOutputs(write('{"acme/network/prod": {"vpcId": "vpc-0a1b", "public": false}}'))).toEqual({ "acme/network/prod": { vpcId: "vpc-0a1b", public: false } });
    });

    it.each([
        ["not an object", "[]", "expected an object mapping each referenced stack's name to its outputs, e.g. {\"acme/network/prod\": {\"vpcId\": \"vpc-0a1b\"}}"],
        ["a stack whose outputs are not an object", '{"acme/network/prod": "vpc-0a1b"}', "[acme/network/prod] must be an object of that stack's outputs"],
    ])("refuses %s, naming the file", (_case, text, message) => {
        const file = write(text);
        expect(() => readStackReferenceOutputs(file)).toThrow(`${file}: ${message}`);
    });

    it("refuses a file that is not JSON, naming it", () => {
        const file = write("{ vpcId: 1 }");
        expect(() => readStackReferenceOutputs(file)).toThrow(new RegExp(`^${file.replace(/[.]/g, "\\.")}: .*JSON`));
    });
});
