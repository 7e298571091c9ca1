// Makes every `bin` entry of package.json executable after tsc, which writes them 0644. npm sets the mode when it links
// a bin, but `npm exec --no -- hardened-postgres` in a clone reuses its earlier link, so a rebuilt CLI would otherwise
// fail with "Permission denied". Plain JavaScript, so the build needs nothing but Node after tsc.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const { bin } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
for (const target of Object.values(typeof bin === "string" ? { main: bin } : bin ?? {})) {
    const file = path.join(root, target);
    fs.chmodSync(file, fs.statSync(file).mode | 0o111);
}
