import { ARGUMENT_NAMES, argumentDeclaration, ArgumentName, ConfigKind, defaultValue } from "../../../components/hardened-postgres/arguments";
import { ResolvedSettings, validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";

const resolved = validateHardenedPostgresArgs("orders-db", { posture: "hipaa", allocatedStorage: 300, vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-1"] });

/** Settings where only the arguments declared before `key` can be read: a default that reads a later one throws. */
function resolvedBefore(key: ArgumentName): ResolvedSettings {
    const earlier = ARGUMENT_NAMES.slice(0, ARGUMENT_NAMES.indexOf(key)) as string[];
    return new Proxy(resolved, {
        get: (target, property) => {
            if (!earlier.includes(String(property))) {
                throw new Error(`the default of ${key} reads ${String(property)}, which is not resolved before it`);
            }
            return target[property as keyof ResolvedSettings];
        },
    });
}

describe("the HardenedPostgres argument declarations", () => {
    it("declare exactly vpcId and subnetIds as required", () => {
        expect(ARGUMENT_NAMES.filter((key) => argumentDeclaration(key).required)).toEqual(["vpcId", "subnetIds"]);
    });

    it.each(ARGUMENT_NAMES)("%s: its default reads only arguments declared before it, in the order validate.ts resolves them", (key) => {
        expect(() => defaultValue(key, resolvedBefore(key), "orders-db")).not.toThrow();
    });

    it("compute defaults from the settings resolved before them and the component name", () => {
        const defaults = Object.fromEntries(ARGUMENT_NAMES.map((key) => [key, defaultValue(key, resolved, "orders-db")]));
        expect(defaults).toEqual({
            posture: "soc2",
            identifier: "orders-db",
            engineVersion: "16",
            allowMajorVersionUpgrade: false,
            autoMinorVersionUpgrade: true,
            instanceClass: "db.t4g.medium",
            allocatedStorage: 20,
            maxAllocatedStorage: 600,
            dbName: "app",
            masterUsername: "hpg_admin",
            vpcId: undefined,
            subnetIds: undefined,
            allowedSecurityGroupIds: [],
            allowedCidrBlocks: [],
            kmsKeyArn: undefined,
            keyUserArns: [],
            enhancedMonitoringLogGroup: "external",
            logRetentionInDays: 365,
            backupRetentionDays: 35,
            multiAz: true,
            deletionProtection: true,
            performanceInsights: true,
            performanceInsightsRetentionDays: 7,
            monitoringInterval: 60,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            dataClassification: "phi",
            parameters: [],
            optOuts: {},
            applyImmediately: false,
            tags: {},
            auditTrail: {},
        });
    });

    it("hand out fresh lists and maps, so no caller can change a default", () => {
        const tags = defaultValue("tags", resolved, "a") as Record<string, string>;
        tags.team = "data";
        (defaultValue("allowedCidrBlocks", resolved, "a") as string[]).push("10.0.0.0/8");
        expect([defaultValue("tags", resolved, "b"), defaultValue("allowedCidrBlocks", resolved, "b")]).toEqual([{}, []]);
    });

    it("give computed defaults and defaults without a value their text for the docs", () => {
        const undocumented = ARGUMENT_NAMES.filter((key) => {
            const d = argumentDeclaration(key);
            return !d.required && (typeof d.default === "function" || d.default === undefined) && d.defaultText === undefined;
        });
        expect(undocumented).toEqual([]);
    });

    // Stack config is parsed by kind; the kind must produce what the argument's type takes.
    const TYPES_OF_KIND: Record<ConfigKind, string[]> = {
        string: ["string", "Posture", "DataClassification", '"create" | "external"'],
        number: ["number"],
        boolean: ["boolean"],
        "string[]": ["string[]"],
        parameters: ["UserParameter[]"],
        optOuts: ["HardenedPostgresOptOuts"],
        tags: ["Record<string, string>"],
        auditTrail: ["AuditTrailArgs"],
    };
    it.each(ARGUMENT_NAMES)("%s: its config kind parses into its type", (key) => {
        const { kind, type } = argumentDeclaration(key);
        expect(TYPES_OF_KIND[kind]).toContain(type);
    });
});
