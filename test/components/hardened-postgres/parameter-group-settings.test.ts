import { declarableUnconfirmedReads, FAMILIES, RDS_PARAMETER_DEFAULTS, REQUIRED_PARAMETERS, satisfiesRule, unconfirmedDefaultParameters } from "../../../components/catalog";
import { UserParameter } from "../../../components/hardened-postgres/args";
import { parameterGroupSettings } from "../../../components/hardened-postgres/parameter-group-settings";

describe("parameterGroupSettings", () => {
    it.each(FAMILIES)("declares exactly what %s's defaults lack", (family) => {
        const { settings, problems } = parameterGroupSettings(family);
        expect(problems).toEqual([]);
        expect(settings.parameters).toEqual([
            { name: "log_connections", value: "1", applyMethod: "immediate" },
            { name: "log_disconnections", value: "1", applyMethod: "immediate" },
            // Settings HPG-AUD-03 judges whose compliant default no AWS page confirms, and which AWS lists as RDS parameters.
            { name: "log_min_duration_sample", value: "-1", applyMethod: "pending-reboot" },
            { name: "log_min_duration_statement", value: "-1", applyMethod: "pending-reboot" },
            { name: "log_statement_sample_rate", value: "1", applyMethod: "pending-reboot" },
            // Its assumed default complies, but no AWS page confirms it: declared anyway (issue 14 item 6).
            { name: "password_encryption", value: "scram-sha-256", applyMethod: "pending-reboot" },
            { name: "pgaudit.log", value: "ddl,write,role", applyMethod: "immediate" },
            // HPG-AUD-02 judges it; AWS's pgAudit reference lists it without a default.
            { name: "pgaudit.log_level", value: "log", applyMethod: "pending-reboot" },
            // Likewise unconfirmed.
            { name: "pgaudit.log_parameter", value: "0", applyMethod: "pending-reboot" },
            { name: "pgaudit.log_rows", value: "1", applyMethod: "immediate" },
            { name: "pgaudit.role", value: "rds_pgaudit", applyMethod: "immediate" },
            { name: "rds.accepted_password_auth_method", value: "scram", applyMethod: "immediate" },
            // RDS defaults rds.force_ssl to 0 on postgres14 (1 from postgres15), a confirmed default; it is static there.
            ...(family === "postgres14" ? [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }] : []),
            { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit", applyMethod: "pending-reboot" },
            // Likewise unconfirmed: the finding (HPG-TLS-02).
            { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "pending-reboot" },
        ]);
    });

    it.each(FAMILIES)("declares every required parameter whose %s default is unconfirmed, and no other equal to its default", (family) => {
        const { settings } = parameterGroupSettings(family);
        const declared = settings.parameters.map((p) => p.name);
        const unconfirmed = unconfirmedDefaultParameters(family).map((p) => p.name);
        expect(unconfirmed.filter((name) => !declared.includes(name))).toEqual([]);
        const equalToDefault = settings.parameters.filter((p) => p.value.toLowerCase() === (RDS_PARAMETER_DEFAULTS[family][p.name] ?? "\u0000").toLowerCase()).map((p) => p.name);
        expect(equalToDefault).toEqual([
            "log_min_duration_sample",
            "log_min_duration_statement",
            "log_statement_sample_rate",
            "password_encryption",
            "pgaudit.log_level",
            "pgaudit.log_parameter",
            "ssl_min_protocol_version",
        ]);
        // Declared at what may be RDS's default: pending-reboot, the apply method RDS reports for an unmodified parameter.
        expect(new Set(settings.parameters.filter((p) => equalToDefault.includes(p.name)).map((p) => p.applyMethod))).toEqual(new Set(["pending-reboot"]));
    });

    it("declares a given compliant value with the apply method given, even where the default is unconfirmed", () => {
        const { settings } = parameterGroupSettings("postgres16", [{ name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "immediate" }]);
        expect(settings.parameters).toContainEqual({ name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "immediate" });
    });

    it.each(FAMILIES)("makes every required parameter's effective value satisfy its control in %s", (family) => {
        const { settings } = parameterGroupSettings(family);
        for (const required of REQUIRED_PARAMETERS) {
            expect({ name: required.name, ok: satisfiesRule(required.rule, settings.effective[required.name]) }).toEqual({ name: required.name, ok: true });
        }
        expect(settings.effective["rds.force_ssl"]).toBe("1");
        expect(settings.effective.ssl_min_protocol_version).toBe("TLSv1.2");
        expect(settings.effective.password_encryption).toBe("scram-sha-256");
        expect(settings.effective["rds.accepted_password_auth_method"]).toBe("scram");
    });

    it.each(FAMILIES)("never declares a parameter equal to its confirmed %s default (perpetual diff)", (family) => {
        const { settings } = parameterGroupSettings(family, [
            { name: "rds.force_ssl", value: "1" },
            { name: "work_mem", value: "8192" },
        ]);
        const unconfirmed = [...unconfirmedDefaultParameters(family), ...declarableUnconfirmedReads()].map((p) => p.name);
        for (const p of settings.parameters.filter((d) => !unconfirmed.includes(d.name))) {
            expect({ name: p.name, equalsDefault: p.value.toLowerCase() === (RDS_PARAMETER_DEFAULTS[family][p.name] ?? "\u0000").toLowerCase() }).toEqual({
                name: p.name,
                equalsDefault: false,
            });
        }
        expect(settings.parameters.map((p) => p.name)).toContain("work_mem");
        if (family !== "postgres14") {
            expect(settings.parameters.map((p) => p.name)).not.toContain("rds.force_ssl");
        }
    });

    it("keeps a user value that strengthens a control", () => {
        const { settings, problems } = parameterGroupSettings("postgres16", [
            { name: "ssl_min_protocol_version", value: "TLSv1.3" },
            { name: "pgaudit.log", value: "all, -misc_set" },
        ]);
        expect(problems).toEqual([]);
        expect(settings.parameters).toContainEqual({ name: "ssl_min_protocol_version", value: "TLSv1.3", applyMethod: "immediate" });
        expect(settings.parameters).toContainEqual({ name: "pgaudit.log", value: "all, -misc_set", applyMethod: "immediate" });
        expect(settings.effective.ssl_min_protocol_version).toBe("TLSv1.3");
    });

    it("adds the required libraries to a user's shared_preload_libraries instead of dropping either", () => {
        const { settings, problems } = parameterGroupSettings("postgres16", [{ name: "shared_preload_libraries", value: "pg_hint_plan", applyMethod: "immediate" }]);
        expect(problems).toEqual([]);
        expect(settings.parameters).toContainEqual({ name: "shared_preload_libraries", value: "pg_hint_plan,pgaudit,pg_stat_statements", applyMethod: "pending-reboot" });
    });

    it("rejects every user value that weakens a control, naming the field, value and what is allowed", () => {
        const { problems } = parameterGroupSettings("postgres15", [
            { name: "rds.force_ssl", value: "0" },
            { name: "ssl_min_protocol_version", value: "TLSv1.1" },
            { name: "pgaudit.log", value: "all,-ddl" },
            { name: "pgaudit.log_parameter", value: "on" },
            { name: "log_connections", value: "off" },
            { name: "log_disconnections", value: "0" },
            { name: "pgaudit.role", value: "someone" },
            { name: "password_encryption", value: "md5" },
            { name: "rds.accepted_password_auth_method", value: "md5+scram" },
        ]);
        expect(problems).toEqual([
            "[parameters[0]] 'rds.force_ssl' = '0' weakens HPG-TLS-01; allowed: on (1)",
            "[parameters[1]] 'ssl_min_protocol_version' = 'TLSv1.1' weakens HPG-TLS-02; allowed: TLSv1.2 or higher",
            "[parameters[2]] 'pgaudit.log' = 'all,-ddl' weakens HPG-AUD-02; allowed: classes covering ddl, write, role (e.g. 'ddl,write,role' or 'all')",
            "[parameters[3]] 'pgaudit.log_parameter' = 'on' weakens HPG-AUD-03; allowed: off (0)",
            "[parameters[4]] 'log_connections' = 'off' weakens HPG-AUD-04; allowed: on (1)",
            "[parameters[5]] 'log_disconnections' = '0' weakens HPG-AUD-04; allowed: on (1)",
            "[parameters[6]] 'pgaudit.role' = 'someone' weakens HPG-AUD-05; allowed: 'rds_pgaudit'",
            "[parameters[7]] 'password_encryption' = 'md5' weakens HPG-PWD-01; allowed: 'scram-sha-256'",
            "[parameters[8]] 'rds.accepted_password_auth_method' = 'md5+scram' weakens HPG-PWD-01; allowed: 'scram'",
        ]);
    });

    it("rejects malformed and duplicate user parameters, naming the field, the value and what is allowed", () => {
        const { problems } = parameterGroupSettings("postgres16", [
            { name: "bad name", value: "1" },
            { name: "work_mem", value: 5 as unknown as string },
            { name: "work_mem", value: "64", applyMethod: "later" as "immediate" },
            { name: "statement_timeout", value: "500" },
            { name: "STATEMENT_TIMEOUT", value: "600" },
        ]);
        expect(problems).toEqual([
            "[parameters[0].name] 'bad name' is not a parameter name; allowed: letters, digits, '_' and '.', starting with a letter",
            "[parameters[1].value] 5 is not a string; allowed: the value of 'work_mem' as a string, e.g. '1'",
            "[parameters[2].applyMethod] 'later' is not an apply method for 'work_mem'; allowed: immediate, pending-reboot",
            "[parameters[4].name] 'STATEMENT_TIMEOUT' is given more than once; allowed: each parameter once",
        ]);
    });

    it("reports every problem, in the order given, when a badly typed entry comes before a weakening one", () => {
        const { problems } = parameterGroupSettings("postgres16", [{ name: 5 } as unknown as UserParameter, { name: "rds.force_ssl", value: "0" }]);
        expect(problems).toEqual([
            "[parameters[0].name] 5 is not a parameter name; allowed: letters, digits, '_' and '.', starting with a letter",
            "[parameters[1]] 'rds.force_ssl' = '0' weakens HPG-TLS-01; allowed: on (1)",
        ]);
    });

    it("refuses entries that are not parameters at all", () => {
        const { problems } = parameterGroupSettings("postgres16", [null, "work_mem=64", ["work_mem", "64"]] as unknown as UserParameter[]);
        expect(problems).toEqual([
            "[parameters[0]] null is not a parameter; allowed: {name, value, applyMethod?}",
            "[parameters[1]] 'work_mem=64' is not a parameter; allowed: {name, value, applyMethod?}",
            '[parameters[2]] ["work_mem","64"] is not a parameter; allowed: {name, value, applyMethod?}',
        ]);
    });

    it("reports a weakening under the user's spelling of the name", () => {
        expect(parameterGroupSettings("postgres16", [{ name: "RDS.Force_SSL", value: "0" }]).problems).toEqual([
            "[parameters[0]] 'RDS.Force_SSL' = '0' weakens HPG-TLS-01; allowed: on (1)",
        ]);
    });

    it("refuses statement logging that would write bound values (HPG-AUD-03), and accepts it with bound values cut to 0", () => {
        const AUD06 =
            "allowed: set log_parameter_max_length to 0 (or turn statement logging off), log_parameter_max_length_on_error to 0, and auto_explain.log_parameter_max_length to 0 where auto_explain logs";
        expect(parameterGroupSettings("postgres16", [{ name: "work_mem", value: "64MB" }, { name: "log_statement", value: "all" }]).problems).toEqual([
            `[parameters] 'log_statement' = 'all' (parameters[1]) weakens HPG-AUD-03: log_statement is 'all' while log_parameter_max_length is '-1', so each logged statement carries its bound values; ${AUD06}`,
        ]);
        expect(parameterGroupSettings("postgres16", [{ name: "log_min_duration_statement", value: "200" }, { name: "log_parameter_max_length", value: "16" }]).problems).toEqual([
            `[parameters] 'log_min_duration_statement' = '200' (parameters[0]), 'log_parameter_max_length' = '16' (parameters[1]) weaken HPG-AUD-03: log_min_duration_statement is '200' while log_parameter_max_length is '16', so each logged statement carries its bound values; ${AUD06}`,
        ]);
        const safe = parameterGroupSettings("postgres16", [{ name: "log_statement", value: "all" }, { name: "log_parameter_max_length", value: "0" }]);
        expect(safe.problems).toEqual([]);
        expect(safe.settings.parameters.filter((p) => p.name.startsWith("log_statement") || p.name === "log_parameter_max_length")).toEqual([
            { name: "log_parameter_max_length", value: "0", applyMethod: "immediate" },
            { name: "log_statement", value: "all", applyMethod: "immediate" },
            { name: "log_statement_sample_rate", value: "1", applyMethod: "pending-reboot" },
        ]);
    });
});

describe("judged settings whose RDS default is unconfirmed", () => {
    it("are declared by the component exactly where AWS lists them as RDS parameters; each other one says why not", () => {
        expect(declarableUnconfirmedReads().map((r) => r.name).sort()).toEqual(["log_min_duration_sample", "log_min_duration_statement", "log_statement_sample_rate", "pgaudit.log_level"]);
        const { settings } = parameterGroupSettings("postgres16");
        for (const read of declarableUnconfirmedReads()) {
            expect(settings.parameters).toContainEqual({ name: read.name, value: read.rdsDefault, applyMethod: "pending-reboot" });
        }
    });

    it("keep a value the user gives, judged as given", () => {
        const { settings, problems } = parameterGroupSettings("postgres16", [{ name: "log_min_duration_statement", value: "500" }, { name: "log_parameter_max_length", value: "0" }]);
        expect(problems).toEqual([]);
        expect(settings.parameters).toContainEqual({ name: "log_min_duration_statement", value: "500", applyMethod: "immediate" });
        expect(settings.parameters.filter((p) => p.name === "log_min_duration_statement")).toHaveLength(1);
    });
});
