import * as pulumi from "@pulumi/pulumi";
import { createParameterGroup } from "../../../components/hardened-postgres/parameter-group";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

describe("createParameterGroup", () => {
    it("declares exactly the given parameters in a group named after the identifier and family", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "orders");
        const parameters = [
            { name: "pgaudit.log", value: "ddl,write,role", applyMethod: "immediate" as const },
            { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit", applyMethod: "pending-reboot" as const },
        ];
        const group = createParameterGroup(
            "orders",
            {
                identifier: "orders-db",
                family: "postgres17",
                parameterGroup: { parameters, effective: { "rds.force_ssl": "1" } },
                tags: { team: "data" },
                dataClassification: "phi",
                posture: "hipaa",
                optOuts: { singleAz: "staging" },
            },
            parent,
        );
        expect(await valueOf(group.name)).toBe("orders-db-postgres17");
        await recorder.settle();
        expect(recorder.one("aws:rds/parameterGroup:ParameterGroup", "orders-params").inputs).toEqual({
            name: "orders-db-postgres17",
            family: "postgres17",
            description: "hardened-postgres parameters for orders-db (postgres17)",
            parameters,
            tags: {
                team: "data",
                "data-classification": "phi",
                "compliance-posture": "hipaa",
                "managed-by": "hardened-postgres",
                "hpg-opt-outs": "singleAz",
                "hpg-opt-out:singleAz": "staging",
            },
        });
    });
});
