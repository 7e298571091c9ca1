import type { ClientBase } from "pg";
import { renderAccessSql, renderRoleSql, renderTableSql } from "./access-sql";
import { AccessModel, AccessTarget } from "./model";
import { rolePasswordSql } from "./password-sql";
import { validateAccessModel } from "./validate";

/** Which statements to run: `roles` before migrations, `tables` after them, `all` when the tables exist. */
export type AccessPhase = "all" | "roles" | "tables";

/**
 * Validates the model, then runs its statements in one transaction: a bad model changes nothing, and a failing
 * statement rolls everything back. `client` must be an admin (the local bootstrap superuser, or the RDS master user).
 */
export async function applyAccessModel(client: ClientBase, model: AccessModel, options: { target?: AccessTarget; phase?: AccessPhase } = {}): Promise<{ statements: number }> {
    const target = options.target ?? "self-managed";
    const phase = options.phase ?? "all";
    const statements = phase === "roles" ? renderRoleSql(model, target) : phase === "tables" ? renderTableSql(model, target) : renderAccessSql(model, target);
    await runInTransaction(client, statements);
    return { statements: statements.length };
}

/**
 * Sets login roles' passwords, given as values (e.g. read from `<dataDir>/secrets` or a secret store). Only login roles
 * of the model are accepted. The server receives SCRAM verifiers; neither passwords nor statements are logged or put
 * in error messages.
 */
export async function setRolePasswords(client: ClientBase, model: AccessModel, passwords: Record<string, string>): Promise<void> {
    validateAccessModel(model);
    const logins = new Set(model.loginRoles.map((l) => l.name));
    for (const role of Object.keys(passwords)) {
        if (!logins.has(role)) {
            throw new Error(`[passwords] '${role}' is not a login role of the access model (login roles: ${[...logins].join(", ")})`);
        }
    }
    for (const [role, password] of Object.entries(passwords)) {
        try {
            await client.query(rolePasswordSql(role, password));
        } catch (e) {
            throw new Error(`setting the password of login role '${role}' failed: ${(e as Error).message}`);
        }
    }
}

async function runInTransaction(client: ClientBase, statements: string[]): Promise<void> {
    await client.query("BEGIN");
    try {
        for (const statement of statements) {
            await client.query(statement);
        }
        await client.query("COMMIT");
    } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
    }
}
