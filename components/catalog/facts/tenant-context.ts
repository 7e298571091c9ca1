/**
 * The tenant context is bound to the transaction that set it, by construction (HPG-RLS-01).
 *
 * `hpg.set_tenant(tenant)` sets two settings, both transaction-local: the tenant setting (`app.tenant_id` by default)
 * and this one, which holds the start time of the setting transaction (`extract(epoch from transaction_timestamp())`,
 * in microseconds). The tenant policies accept the tenant only while this setting equals the current transaction's own
 * start time. A session-level `SET app.tenant_id = …` (a client that forgot LOCAL) therefore grants no row, in this
 * transaction or any later one on the same pooled connection, because no later transaction can have the start time
 * it would need; and the setting itself is transaction-local, so it is gone at commit.
 */
export const TENANT_TRANSACTION_SETTING = "hpg.tenant_transaction";

/** The SQL function clients call, inside their transaction, to set the tenant: `SELECT hpg.set_tenant($1)`. */
export const SET_TENANT_FUNCTION = "hpg.set_tenant";
