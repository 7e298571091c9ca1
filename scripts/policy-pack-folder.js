// Makes bin/policies, after tsc, a policy pack folder the published package can offer to `pulumi preview --policy-pack`:
// an installed package has the compiled JavaScript, not policies/*.ts, and ts-node never compiles inside node_modules.
// Plain JavaScript, so the build needs nothing but Node after tsc.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const source = path.join(root, "policies");
const target = path.join(root, "bin", "policies");
const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

fs.copyFileSync(path.join(source, "PulumiPolicy.yaml"), path.join(target, "PulumiPolicy.yaml"));
// PolicyPack reports the version of the package.json in its working directory: the package's own, like `check`.
const manifest = { ...read(path.join(source, "package.json")), version: read(path.join(root, "package.json")).version, main: "index.js" };
fs.writeFileSync(path.join(target, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
