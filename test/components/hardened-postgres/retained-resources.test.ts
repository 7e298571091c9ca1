import { HardenedPostgresArgs } from "../../../components/hardened-postgres";
import { adoptionImportFile, retainedNamedResources } from "../../../components/hardened-postgres/retained-resources";
import { validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";

const NETWORK: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };
const settings = (args: Partial<HardenedPostgresArgs> = {}) => validateHardenedPostgresArgs("orders", { ...NETWORK, identifier: "orders-prod", ...args });

const RDS_GROUPS = [
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "orders-log-postgresql", id: "/aws/rds/instance/orders-prod/postgresql", why: "RDS exports to /aws/rds/instance/<identifier>/<type> and no other name" },
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "orders-log-upgrade", id: "/aws/rds/instance/orders-prod/upgrade", why: "RDS exports to /aws/rds/instance/<identifier>/<type> and no other name" },
];
const DELIVERY_ERRORS = {
    type: "aws:cloudwatch/logGroup:LogGroup",
    name: "orders-audit-delivery-errors",
    id: "/aws/kinesisfirehose/orders-prod-audit",
    why: "the key policy names it exactly, and one identifier's delivery errors stay in one group",
};

describe("retainedNamedResources", () => {
    it("lists the RDS log groups and the audit delivery's error group, under the component's names and the identifier's", () => {
        expect(retainedNamedResources("orders", settings())).toEqual([...RDS_GROUPS, DELIVERY_ERRORS]);
    });

    it("lists the error group with an external archive too: the delivery is still the stack's", () => {
        const external = settings({ auditTrail: { archive: { bucketArn: "arn:aws:s3:::log-archive-bucket" } } });
        expect(retainedNamedResources("orders", external)).toEqual([...RDS_GROUPS, DELIVERY_ERRORS]);
    });

    it("leaves out the error group when the archive is opted out (no delivery)", () => {
        expect(retainedNamedResources("orders", settings({ optOuts: { auditArchive: "archived by the SIEM's own agent" } }))).toEqual(RDS_GROUPS);
    });

    it("is empty when the stack retains nothing on destroy", () => {
        expect(retainedNamedResources("orders", settings({ optOuts: { deleteKeyAndLogsWithStack: "CI database" } }))).toEqual([]);
    });
});

describe("adoptionImportFile", () => {
    it("declares the component, then each retained resource under it", () => {
        expect(adoptionImportFile("orders", settings())).toEqual({
            resources: [
                { type: "hardened-postgres:aws:Database", name: "orders", component: true },
                ...[...RDS_GROUPS, DELIVERY_ERRORS].map(({ type, name, id }) => ({ type, name, id, parent: "orders" })),
            ],
        });
    });

    it("is empty, without even the component, when nothing is retained", () => {
        expect(adoptionImportFile("orders", settings({ optOuts: { deleteKeyAndLogsWithStack: "CI database" } }))).toEqual({ resources: [] });
    });
});
