import * as pulumi from "@pulumi/pulumi";
import { HardenedPostgresArgs } from "../../../components/hardened-postgres/args";
import { isPrivateCidr, isValidRdsIdentifier, validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";
import { problemsOf } from "../../support/argument-problems";

const base: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };

describe("validateHardenedPostgresArgs defaults", () => {
    it.each([
        ["soc2", 7, false, "confidential"],
        ["hipaa", 35, true, "phi"],
        ["pci", 35, true, "pci"],
    ] as const)("posture %s: backups %i days, multi-AZ %s, classification %s, logs 365 days", (posture, backups, multiAz, classification) => {
        const s = validateHardenedPostgresArgs("orders-db", { ...base, posture });
        expect(s.backupRetentionDays).toBe(backups);
        expect(s.multiAz).toBe(multiAz);
        expect(s.dataClassification).toBe(classification);
        expect(s.logRetentionInDays).toBe(365);
    });

    it("applies secure defaults", () => {
        const s = validateHardenedPostgresArgs("orders-db", base);
        expect(s).toMatchObject({
            posture: "soc2",
            identifier: "orders-db",
            engineVersion: "16",
            family: "postgres16",
            instanceClass: "db.t4g.medium",
            allocatedStorage: 20,
            maxAllocatedStorage: 100,
            dbName: "app",
            masterUsername: "hpg_admin",
            deletionProtection: true,
            retainOnDelete: true,
            performanceInsights: true,
            performanceInsightsRetentionDays: 7,
            monitoringInterval: 60,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            allowMajorVersionUpgrade: false,
            autoMinorVersionUpgrade: true,
            applyImmediately: false,
            optOuts: {},
        });
    });

    it.each([
        [20, 100],
        [50, 100],
        [300, 600],
    ])("with allocatedStorage %i, maxAllocatedStorage defaults to %i: max(100, 2 × allocatedStorage)", (allocatedStorage, max) => {
        expect(validateHardenedPostgresArgs("db", { ...base, allocatedStorage }).maxAllocatedStorage).toBe(max);
    });

    it("keeps the network arguments and leaves the key to be created when none is given", () => {
        expect(validateHardenedPostgresArgs("db", base)).toMatchObject({ vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"], allowedCidrBlocks: [], kmsKeyArn: undefined, tags: {}, optOuts: {} });
    });

    it.each([
        ["14", "postgres14"],
        ["15", "postgres15"],
        ["16", "postgres16"],
        ["17", "postgres17"],
    ])("maps engine version %s to family %s", (engineVersion, family) => {
        expect(validateHardenedPostgresArgs("db", { ...base, engineVersion }).family).toBe(family);
    });
});

describe("identifiers near EC2's reserved security group prefix", () => {
    it.each(["sgx-orders", "sg1", "orders-sg-db", "s"])("accepts %s, whose security group name doesn't start with 'sg-'", (identifier) => {
        expect(validateHardenedPostgresArgs("db", { ...base, identifier }).identifier).toBe(identifier);
    });
});

describe("validateHardenedPostgresArgs errors", () => {
    it.each<[string, Partial<HardenedPostgresArgs>, string]>([
        ["unsupported engine", { engineVersion: "13.20" }, "[engineVersion] '13.20' is not supported; allowed: major 14, 15, 16, 17 (e.g. '16' or '16.4')"],
        ["unknown posture", { posture: "fedramp" as "soc2" }, "[posture] 'fedramp' is not a posture; allowed: soc2, hipaa, pci"],
        ["identifier EC2 refuses as a security group name", { identifier: "sg-orders" }, "[identifier] 'sg-orders' makes the security group's name start with 'sg-', which EC2 refuses (the group is named 'sg-orders-db-…'); allowed: any other valid RDS identifier"],
        ["identifier 'sg', whose group name starts with sg-", { identifier: "sg" }, "[identifier] 'sg' makes the security group's name start with 'sg-', which EC2 refuses (the group is named 'sg-db-…'); allowed: any other valid RDS identifier"],
        ["bad identifier", { identifier: "Orders_DB" }, "[identifier] 'Orders_DB' is not a valid RDS identifier; allowed: 1-63 lowercase letters, digits and hyphens, starting with a letter, no '--', not ending in '-'"],
        ["log retention under 365", { logRetentionInDays: 90 }, "[logRetentionInDays] 90 is not allowed in posture 'soc2' (HPG-LOG-02); allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 or 0 (never expire)"],
        ["log retention CloudWatch refuses", { logRetentionInDays: 500 }, "[logRetentionInDays] 500 is not allowed in posture 'soc2' (HPG-LOG-02); allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 or 0 (never expire)"],
        ["backup retention under posture", { posture: "hipaa", backupRetentionDays: 14 }, "[backupRetentionDays] 14 is out of range for posture 'hipaa' (HPG-BAK-01); allowed: whole days from 35 to 35"],
        ["backup retention over 35", { backupRetentionDays: 36 }, "[backupRetentionDays] 36 is out of range for posture 'soc2' (HPG-BAK-01); allowed: whole days from 7 to 35"],
        ["public CIDR", { allowedCidrBlocks: ["0.0.0.0/0"] }, "[allowedCidrBlocks[0]] '0.0.0.0/0' is not a private CIDR (HPG-NET-01); allowed: IPv4 CIDRs inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"],
        ["CIDR wider than the private range", { allowedCidrBlocks: ["10.0.0.0/7"] }, "[allowedCidrBlocks[0]] '10.0.0.0/7' is not a private CIDR (HPG-NET-01); allowed: IPv4 CIDRs inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"],
        ["default master user", { masterUsername: "postgres" }, "[masterUsername] 'postgres' is a default or reserved name (HPG-PWD-02); allowed: a non-default name such as 'hpg_admin'"],
        ["reserved database name", { dbName: "template1" }, "[dbName] 'template1' is not allowed; allowed: 1-63 lowercase letters, digits and '_', starting with a letter, not postgres/template0/template1/rdsadmin"],
        ["one subnet", { subnetIds: ["subnet-a"] }, "[subnetIds] has 1 entry; allowed: at least 2 private subnets in different availability zones"],
        ["no source", { allowedSecurityGroupIds: [] }, "[allowedSecurityGroupIds] and [allowedCidrBlocks] are both empty; allowed: at least one security group id or private CIDR that may connect"],
        ["storage too small", { allocatedStorage: 10 }, "[allocatedStorage] 10 is out of range; allowed: whole GiB from 20 to 65536"],
        // maxAllocatedStorage defaults to twice the storage: a refused storage must not make that default out of range too.
        ["storage too large", { allocatedStorage: 70000 }, "[allocatedStorage] 70000 is out of range; allowed: whole GiB from 20 to 65536"],
        ["unbounded autoscaling", { allocatedStorage: 100, maxAllocatedStorage: 100 }, "[maxAllocatedStorage] 100 is out of range; allowed: whole GiB above allocatedStorage (100) up to 65536"],
        ["stale CA", { caCertIdentifier: "rds-ca-2019" }, "[caCertIdentifier] 'rds-ca-2019' is not a current RDS CA (HPG-TLS-03); allowed: rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"],
        ["AWS-managed key", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/aws/rds" }, "[kmsKeyArn] 'arn:aws:kms:us-east-1:123456789012:alias/aws/rds' is an AWS-managed key (HPG-ENC-01); allowed: a customer-managed key's key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (key id a UUID, or mrk- and 32 hex digits for a multi-Region key), or omit it to create one"],
        ["bad monitoring interval", { monitoringInterval: 20 }, "[monitoringInterval] 20 is not allowed; allowed: 1, 5, 10, 15, 30, 60 (0 with optOuts.enhancedMonitoring)"],
        ["bad PI retention", { performanceInsightsRetentionDays: 30 }, "[performanceInsightsRetentionDays] 30 is not allowed; allowed: 7, 731, or a multiple of 31 from 31 to 713"],
        ["bad instance class", { instanceClass: "m5.large" }, "[instanceClass] 'm5.large' is not an RDS instance class; allowed: e.g. 'db.t4g.medium', 'db.m7g.large'"],
        ["unknown classification", { dataClassification: "secret" as "phi" }, "[dataClassification] 'secret' is not a classification; allowed: confidential, phi, pci, pii, internal"],
    ])("%s", (_label, args, message) => {
        expect(problemsOf(args)).toEqual([message]);
    });

    it.each<[string, Partial<HardenedPostgresArgs>, string]>([
        ["single AZ in hipaa", { posture: "hipaa", multiAz: false }, "[multiAz] false is not allowed in posture 'hipaa', which requires a standby (HPG-AVL-01); set optOuts.singleAz to the reason to accept this"],
        ["single AZ in pci", { posture: "pci", multiAz: false }, "[multiAz] false is not allowed in posture 'pci', which requires a standby (HPG-AVL-01); set optOuts.singleAz to the reason to accept this"],
        ["no deletion protection", { deletionProtection: false }, "[deletionProtection] false leaves the database deletable (HPG-BAK-02); set optOuts.deletionProtection to the reason to accept this"],
        ["no Performance Insights", { performanceInsights: false }, "[performanceInsights] false turns off Performance Insights (HPG-MON-01); set optOuts.performanceInsights to the reason to accept this"],
        ["no enhanced monitoring", { monitoringInterval: 0 }, "[monitoringInterval] 0 turns off enhanced monitoring (HPG-MON-01); set optOuts.enhancedMonitoring to the reason to accept this"],
    ])("a weakening without its named opt-out: %s", (_label, args, message) => {
        expect(problemsOf(args)).toEqual([message]);
    });

    it("accepts each weakening with its named opt-out and records it", () => {
        const s = validateHardenedPostgresArgs("db", {
            ...base,
            posture: "hipaa",
            multiAz: false,
            deletionProtection: false,
            performanceInsights: false,
            monitoringInterval: 0,
            optOuts: { singleAz: "pre-production", deletionProtection: "ephemeral test", performanceInsights: "t4g.micro", enhancedMonitoring: "cost", deleteKeyAndLogsWithStack: "ephemeral test" },
        });
        expect(s.multiAz).toBe(false);
        expect(s.deletionProtection).toBe(false);
        expect(s.retainOnDelete).toBe(false);
        expect(s.optOuts).toEqual({ singleAz: "pre-production", deletionProtection: "ephemeral test", performanceInsights: "t4g.micro", enhancedMonitoring: "cost", deleteKeyAndLogsWithStack: "ephemeral test" });
    });

    it("rejects unknown opt-outs and opt-outs without a reason", () => {
        expect(problemsOf({ optOuts: { everything: "why not" } as never })).toEqual([
            "[optOuts.everything] is not an opt-out; allowed: auditArchive, singleAz, deletionProtection, deleteKeyAndLogsWithStack, performanceInsights, enhancedMonitoring, auditAlarms, autoMinorVersionUpgrade",
        ]);
        expect(problemsOf({ optOuts: { singleAz: "  " } })).toEqual(["[optOuts.singleAz] must be a non-empty reason, got '  '"]);
    });

    it("names the new name of a renamed opt-out, with the value given and what is allowed", () => {
        expect(problemsOf({ deletionProtection: false, optOuts: { deletionProtection: "CI", retainOnDelete: "CI database" } as never })).toEqual([
            "[optOuts.retainOnDelete] 'CI database': this opt-out was renamed to deleteKeyAndLogsWithStack (the KMS key and the log groups are deleted with the stack instead of retained); write optOuts.deleteKeyAndLogsWithStack instead; allowed: auditArchive, singleAz, deletionProtection, deleteKeyAndLogsWithStack, performanceInsights, enhancedMonitoring, auditAlarms, autoMinorVersionUpgrade",
        ]);
    });

    it("reports every problem at once", () => {
        expect(problemsOf({ engineVersion: "13", logRetentionInDays: 30, allowedCidrBlocks: ["8.8.8.8/32"], parameters: [{ name: "rds.force_ssl", value: "0" }] })).toEqual([
            "[engineVersion] '13' is not supported; allowed: major 14, 15, 16, 17 (e.g. '16' or '16.4')",
            "[allowedCidrBlocks[0]] '8.8.8.8/32' is not a private CIDR (HPG-NET-01); allowed: IPv4 CIDRs inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
            "[logRetentionInDays] 30 is not allowed in posture 'soc2' (HPG-LOG-02); allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 or 0 (never expire)",
            "[parameters[0]] 'rds.force_ssl' = '0' weakens HPG-TLS-01; allowed: on (1)",
        ]);
    });

    it("allows raising retention and never-expire", () => {
        expect(problemsOf({ logRetentionInDays: 731 })).toEqual([]);
        expect(problemsOf({ logRetentionInDays: 0 })).toEqual([]);
        expect(problemsOf({ posture: "hipaa", backupRetentionDays: 35 })).toEqual([]);
    });
});

describe("validateHardenedPostgresArgs with badly typed input (plain JavaScript, stack config)", () => {
    it.each<[string, Record<string, unknown>, string[]]>([
        ["a string for a boolean", { multiAz: "false" }, ["[multiAz] 'false' is not a boolean; allowed: true or false"]],
        ["a string for a number", { allocatedStorage: "100" }, ["[allocatedStorage] '100' is out of range; allowed: whole GiB from 20 to 65536"]],
        ["a string monitoring interval", { monitoringInterval: "60" }, ["[monitoringInterval] '60' is not allowed; allowed: 1, 5, 10, 15, 30, 60 (0 with optOuts.enhancedMonitoring)"]],
        ["a number for the engine version", { engineVersion: 16 }, ["[engineVersion] 16 is not supported; allowed: major 14, 15, 16, 17 (e.g. '16' or '16.4')"]],
        ["a number for the identifier", { identifier: 7 }, ["[identifier] 7 is not a valid RDS identifier; allowed: 1-63 lowercase letters, digits and hyphens, starting with a letter, no '--', not ending in '-'"]],
        ["no VPC", { vpcId: undefined }, ["[vpcId] is missing; allowed: the id of the VPC holding subnetIds"]],
        ["a number for the VPC", { vpcId: 42 }, ["[vpcId] 42 is not a VPC id; allowed: the id of the VPC holding subnetIds"]],
        ["no subnets", { subnetIds: undefined }, ["[subnetIds] is missing; allowed: at least 2 private subnets in different availability zones"]],
        ["one string for the subnets", { subnetIds: "subnet-a" }, ["[subnetIds] 'subnet-a' is not a list; allowed: at least 2 private subnets in different availability zones"]],
        ["a number among the subnets", { subnetIds: ["subnet-a", 7] }, ["[subnetIds[1]] 7 is not a subnet id; allowed: a subnet id, or an Output of one"]],
        [
            "one string for the security groups",
            { allowedSecurityGroupIds: "sg-app" },
            [
                "[allowedSecurityGroupIds] 'sg-app' is not a list; allowed: a list of security group ids",
                "[allowedSecurityGroupIds] and [allowedCidrBlocks] are both empty; allowed: at least one security group id or private CIDR that may connect",
            ],
        ],
        ["one string for the CIDR blocks", { allowedCidrBlocks: "10.0.0.0/8" }, ["[allowedCidrBlocks] '10.0.0.0/8' is not a list; allowed: a list of private IPv4 CIDR blocks"]],
        ["a number among the CIDR blocks", { allowedCidrBlocks: [10] }, ["[allowedCidrBlocks[0]] 10 is not a private CIDR (HPG-NET-01); allowed: IPv4 CIDRs inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"]],
        ["a number for the key", { kmsKeyArn: 42 }, ["[kmsKeyArn] 42 is not a KMS key ARN; allowed: a customer-managed key's key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (key id a UUID, or mrk- and 32 hex digits for a multi-Region key), or omit it to create one"]],
        ["an empty key", { kmsKeyArn: "" }, ["[kmsKeyArn] '' is not a KMS key ARN; allowed: a customer-managed key's key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (key id a UUID, or mrk- and 32 hex digits for a multi-Region key), or omit it to create one"]],
        ["a map for the parameters", { parameters: { name: "work_mem" } }, ['[parameters] {"name":"work_mem"} is not a list; allowed: a list of {name, value, applyMethod?}']],
        ["a list for the opt-outs", { optOuts: ["singleAz"] }, ['[optOuts] ["singleAz"] is not a map; allowed: a map of opt-out name to reason, names auditArchive, singleAz, deletionProtection, deleteKeyAndLogsWithStack, performanceInsights, enhancedMonitoring, auditAlarms, autoMinorVersionUpgrade']],
        ["a string for the tags", { tags: "team=data" }, ["[tags] 'team=data' is not a map; allowed: a map of tag names to string values"]],
        ["a number as a tag value", { tags: { team: 5 } }, ["[tags.team] 5 must be a string"]],
    ])("%s is a problem, not a crash", (_label, args, messages) => {
        expect(problemsOf(args as Partial<HardenedPostgresArgs>)).toEqual(messages);
    });

    it("accepts network inputs known only at deployment without judging their values", () => {
        const s = validateHardenedPostgresArgs("db", {
            vpcId: pulumi.output("vpc-1"),
            subnetIds: [pulumi.output("subnet-a"), Promise.resolve("subnet-b")],
            allowedSecurityGroupIds: [pulumi.output("sg-app")],
            kmsKeyArn: pulumi.output("arn:aws:kms:us-east-1:123456789012:alias/aws/rds"),
        });
        expect(s.subnetIds).toHaveLength(2);
        expect(pulumi.Output.isInstance(s.kmsKeyArn)).toBe(true);
    });
});

describe("isPrivateCidr", () => {
    it.each(["10.0.0.0/8", "10.20.0.0/16", "172.16.0.0/12", "172.31.255.0/24", "192.168.1.0/24"])("accepts %s", (cidr) => expect(isPrivateCidr(cidr)).toBe(true));
    it.each(["0.0.0.0/0", "172.32.0.0/16", "172.0.0.0/8", "8.8.8.8/32", "192.168.0.0/15", "10.0.0.256/32", "10.0.0.0", "::/0", "10.0.0.0/33"])("rejects %s", (cidr) =>
        expect(isPrivateCidr(cidr)).toBe(false),
    );
});

describe("isValidRdsIdentifier", () => {
    it.each(["a", "orders-db", "hpg-prod-hipaa"])("accepts %s", (id) => expect(isValidRdsIdentifier(id)).toBe(true));
    it.each(["", "1db", "db-", "a--b", "UPPER", "a".repeat(64)])("rejects '%s'", (id) => expect(isValidRdsIdentifier(id)).toBe(false));
});

describe("validateHardenedPostgresArgs TLS 1.3 minimum (HPG-TLS-02)", () => {
    it.each([["16"], ["17"]])("accepts TLSv1.3 on engineVersion %s", (engineVersion) => {
        expect(problemsOf({ engineVersion, parameters: [{ name: "ssl_min_protocol_version", value: "TLSv1.3" }] })).toEqual([]);
    });

    it("accepts TLSv1.2 on engineVersion 15", () => {
        expect(problemsOf({ engineVersion: "15", parameters: [{ name: "ssl_min_protocol_version", value: "TLSv1.2" }] })).toEqual([]);
    });

    it.each([
        ["15", "postgres15"],
        ["14", "postgres14"],
    ])("refuses TLSv1.3 on engineVersion %s", (engineVersion, family) => {
        expect(problemsOf({ engineVersion, parameters: [{ name: "work_mem", value: "65536" }, { name: "SSL_MIN_PROTOCOL_VERSION", value: "tlsv1.3" }] })).toEqual([
            `[parameters[1]] ssl_min_protocol_version 'tlsv1.3' is not supported on ${family}: RDS supports TLS 1.3 only from PostgreSQL 16 (engineVersion '${engineVersion}'); allowed: TLSv1.2, or engineVersion 16 or later`,
        ]);
    });
});
