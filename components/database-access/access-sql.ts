import { actorContextSql } from "./actor-context-sql";
import { AccessModel, AccessTarget, resolveAccessModel } from "./model";
import { roleSql } from "./role-sql";
import { adminActsAsOwnerSql, schemaSql } from "./schema-sql";
import { tableSql } from "./table-grant-sql";
import { helperSql } from "./tenant-isolation-sql";
import { validateAccessModel } from "./validate";

/**
 * Phase 1, before migrations: roles, memberships and limits, schemas, the pgaudit extension, default privileges, the
 * helpers migrations call and the acting person's context (`hpg.set_actor`, HPG-AUD-07). Idempotent. Validates the
 * model first: nothing is rendered for a bad model.
 */
export function renderRoleSql(model: AccessModel, target: AccessTarget): string[] {
    const m = resolveAccessModel(validateAccessModel(model));
    return [...roleSql(m, target), ...adminActsAsOwnerSql(m, target), ...schemaSql(m), ...helperSql(m), ...actorContextSql(m)];
}

/** Phase 2, after migrations created the declared tables: exact grants, audit grants and tenant isolation. Idempotent. */
export function renderTableSql(model: AccessModel, target: AccessTarget): string[] {
    const m = resolveAccessModel(validateAccessModel(model));
    return [...adminActsAsOwnerSql(m, target), ...tableSql(m)];
}

/** Both phases (for a database whose declared tables exist, or a model without tables). Run them in one transaction. */
export function renderAccessSql(model: AccessModel, target: AccessTarget): string[] {
    return [...renderRoleSql(model, target), ...renderTableSql(model, target)];
}
