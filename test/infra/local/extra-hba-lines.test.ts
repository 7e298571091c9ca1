import { renderHbaConf } from "../../../infra/local-twin/postgres-conf";

// The test-only option (initCluster's extraHbaLines) a detection test uses to admit a client bound to 127.0.0.2.
const ruleLines = (conf: string) => conf.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

test("tests may admit another loopback address with a hostssl scram-sha-256 line, appended after the hardened ones", () => {
    expect(ruleLines(renderHbaConf(["hostssl all all 127.0.0.2/32 scram-sha-256"]))).toEqual([
        "hostssl  all       all   127.0.0.1/32  scram-sha-256",
        "hostssl  all       all   ::1/128       scram-sha-256",
        "hostssl all all 127.0.0.2/32 scram-sha-256",
    ]);
});

test.each(["host all all 127.0.0.2/32 scram-sha-256", "hostssl all all 0.0.0.0/0 trust", "hostssl all all 127.0.0.2/32 scram-sha-256\nlocal all all trust"])(
    "an extra line that would weaken TLS or SCRAM is refused: %j",
    (line) => {
        expect(() => renderHbaConf([line])).toThrow(`[extraHbaLines] ${JSON.stringify(line)} is not allowed; only "hostssl <database> <user> <address> scram-sha-256" lines are`);
    },
);
