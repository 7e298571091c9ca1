import { managedMasterPassword as policy } from "../../../../../components/catalog/controls/hpg-pwd-02/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-pwd-02-managed-master-password", () => {
    it("passes a Secrets Manager password and a non-default master user", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
    });

    it.each([
        ["no managed password", { manageMasterUserPassword: false }, "manageMasterUserPassword is not true; set manageMasterUserPassword: true so Secrets Manager generates and rotates the password"],
        [
            "a password in state",
            { manageMasterUserPassword: undefined, password: "hunter2hunter2" },
            "manageMasterUserPassword is not true; set manageMasterUserPassword: true so Secrets Manager generates and rotates the password",
            "password is set, so the master password is stored in state; remove password and set manageMasterUserPassword: true",
        ],
        [
            "a write-only password",
            { passwordWo: "hunter2hunter2" },
            "passwordWo is set, so the master password is chosen outside Secrets Manager and never rotated; remove passwordWo and set manageMasterUserPassword: true",
        ],
        ["the postgres user", { username: "postgres" }, "master username 'postgres' is a well-known name; set username to a non-default name"],
        ["the Admin user (any case)", { username: "Admin" }, "master username 'Admin' is a well-known name; set username to a non-default name"],
    ])("blocks %s", async (_case, overrides, ...expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual(expected.map((e) => `mandatory [HPG-PWD-02] RDS instance 'db': ${e}`));
    });

    it("passes a read replica without master user or managed password: CreateDBInstanceReadReplica takes none, the source's are judged", async () => {
        expect(await validateResource(policy, instance({ replicateSourceDb: "db-0", username: undefined, manageMasterUserPassword: undefined, masterUserSecretKmsKeyId: undefined }))).toEqual([]);
    });

    it("blocks a read replica with a password: it is in state whatever RDS does with it", async () => {
        expect(lines(await validateResource(policy, instance({ replicateSourceDb: "db-0", username: undefined, manageMasterUserPassword: undefined, password: "hunter2hunter2" })))).toEqual([
            "mandatory [HPG-PWD-02] RDS instance 'db': password is set, so the master password is stored in state; remove password and set manageMasterUserPassword: true",
        ]);
    });
});
