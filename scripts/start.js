#!/usr/bin/env node
// `npm start`: before `npm run setup` there is no bin/ (or no node_modules), and node would print a MODULE_NOT_FOUND
// stack. Say what to do instead; otherwise run exactly what `npm start` always ran.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const cli = path.join(root, "bin", "infra", "cli", "main.js");
if (!fs.existsSync(cli) || !fs.existsSync(path.join(root, "node_modules"))) {
    console.error("hardened-postgres is not built: run npm run setup first");
    process.exit(2);
}
const run = spawnSync(process.execPath, [cli, "start", ...process.argv.slice(2)], { stdio: "inherit" });
if (run.signal) {
    process.kill(process.pid, run.signal);
}
process.exit(run.status ?? 1);
