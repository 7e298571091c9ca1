import { CONTEXT_CLOSE_PREFIX, CONTEXT_OPEN_PREFIX, PERSON_PATTERN } from "../audit-trail/events";
import {
    ACTOR_CONTEXT_CLOSE_FUNCTION,
    ACTOR_CONTEXT_CLOSE_TRIGGER,
    ACTOR_CONTEXT_TABLE,
    SET_ACTOR_FUNCTION,
} from "../catalog/controls/hpg-aud-07/actor-context-objects";
import { HELPER_SCHEMA, ResolvedAccessModel } from "./model";
import { dollarQuote, qualified, quoteIdent, quoteLiteral } from "./sql-quote";

const fn = (name: string) => qualified(HELPER_SCHEMA, name);

/** PERSON_PATTERN as a PostgreSQL regular expression: the same source, which ARE syntax reads the same way (a test runs both on the same ids). */
export const PERSON_PATTERN_SQL = PERSON_PATTERN.source;

/** `hpg.set_actor`'s argument types, for GRANT/DROP: the tenant argument has the model's tenant type. */
export function setActorSignature(m: ResolvedAccessModel): string {
    return `${fn(SET_ACTOR_FUNCTION)}(text, ${m.tenant.type})`;
}

/**
 * The table whose row arms the close: UNLOGGED (no WAL for a row that lives one transaction; a crash truncates it, and
 * the crashed transactions never committed). One row per open context, inserted and deleted by the same transaction, so
 * no other transaction ever sees one. App roles hold no privilege on it: only the owner's functions write it.
 */
export function actorContextTableSql(): string[] {
    const table = fn(ACTOR_CONTEXT_TABLE);
    return [`CREATE UNLOGGED TABLE IF NOT EXISTS ${table} (id uuid PRIMARY KEY)`, `REVOKE ALL ON TABLE ${table} FROM PUBLIC`];
}

/**
 * The close: at commit (a DEFERRABLE INITIALLY DEFERRED constraint trigger fires during COMMIT, before the transaction
 * is committed) it removes the row and writes `hpg-audit-context close id=<uuid>`. A rolled-back transaction fires no
 * deferred trigger, so it writes no close, and nothing it ran is ever attributed.
 */
export function closeActorContextFunctionSql(): string {
    const body = [
        "BEGIN",
        `    DELETE FROM ${fn(ACTOR_CONTEXT_TABLE)} WHERE id = NEW.id;`,
        `    RAISE LOG '%', ${quoteLiteral(CONTEXT_CLOSE_PREFIX)} || 'id=' || NEW.id::text;`,
        "    RETURN NULL;",
        "END",
    ].join("\n");
    return [
        `CREATE OR REPLACE FUNCTION ${fn(ACTOR_CONTEXT_CLOSE_FUNCTION)}()`,
        // client_min_messages: the LOG goes to the server log only, never to the client (PostgreSQL sends LOG to clients at client_min_messages=log).
        "RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET client_min_messages = notice",
        `AS ${dollarQuote(body)}`,
    ].join("\n");
}

/** The deferred constraint trigger, created once (CREATE OR REPLACE TRIGGER does not take CONSTRAINT). */
export function closeActorContextTriggerSql(): string {
    const table = fn(ACTOR_CONTEXT_TABLE);
    const create = `CREATE CONSTRAINT TRIGGER ${quoteIdent(ACTOR_CONTEXT_CLOSE_TRIGGER)} AFTER INSERT ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${fn(ACTOR_CONTEXT_CLOSE_FUNCTION)}();`;
    return `DO ${dollarQuote(
        [
            "BEGIN",
            `    IF NOT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = ${quoteLiteral(table)}::pg_catalog.regclass AND tgname = ${quoteLiteral(ACTOR_CONTEXT_CLOSE_TRIGGER)}) THEN`,
            `        ${create}`,
            "    END IF;",
            "END",
        ].join("\n"),
    )}`;
}

/**
 * `hpg.set_actor(person, tenant)`: the first statement of each transaction that acts for a person (bind both:
 * `SELECT hpg.set_actor($1, $2)`, so the server log's STATEMENT line shows the placeholders, never the values).
 * Validates the person (PERSON_PATTERN, so a record can't be forged by a crafted id), sets the tenant through
 * `hpg.set_tenant`, arms the close and writes `hpg-audit-context open id=<uuid> actor=<person> tenant=<tenant>`.
 * A second call in the same transaction is refused: a transaction acts for one person, and its records prove which.
 */
export function setActorFunctionSql(m: ResolvedAccessModel): string {
    const tenantCheck =
        m.tenant.type === "text"
            ? // A text tenant lands in the record too: the same rule as the person, so it can't carry a forged field.
              [
                  `    IF tenant IS NULL OR tenant !~ ${quoteLiteral(PERSON_PATTERN_SQL)} THEN`,
                  `        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = format('[tenant] %s is not a tenant id hpg.set_actor accepts (allowed: %s)', coalesce(pg_catalog.quote_literal(pg_catalog.left(tenant, 140)), 'NULL'), ${quoteLiteral(PERSON_PATTERN_SQL)});`,
                  "    END IF;",
              ]
            : [
                  "    IF tenant IS NULL THEN",
                  `        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = '[tenant] NULL is not a tenant id hpg.set_actor accepts (allowed: a ${m.tenant.type})';`,
                  "    END IF;",
              ];
    const body = [
        "DECLARE",
        "    context_id uuid;",
        "BEGIN",
        `    IF person IS NULL OR person !~ ${quoteLiteral(PERSON_PATTERN_SQL)} THEN`,
        `        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = format('[person] %s is not a person id hpg.set_actor accepts (allowed: %s)', coalesce(pg_catalog.quote_literal(pg_catalog.left(person, 140)), 'NULL'), ${quoteLiteral(PERSON_PATTERN_SQL)});`,
        "    END IF;",
        ...tenantCheck,
        // Only this transaction's own row can be visible: every other row is inserted and deleted by one uncommitted transaction.
        `    IF EXISTS (SELECT FROM ${fn(ACTOR_CONTEXT_TABLE)}) THEN`,
        "        RAISE EXCEPTION USING ERRCODE = 'invalid_transaction_state', MESSAGE = 'hpg.set_actor: this transaction already acts for a person; commit or roll back before acting for another';",
        "    END IF;",
        `    PERFORM ${fn("set_tenant")}(tenant::text);`,
        "    context_id := pg_catalog.gen_random_uuid();",
        // Armed before the open is written: an open whose close can't fire is never logged.
        `    INSERT INTO ${fn(ACTOR_CONTEXT_TABLE)} (id) VALUES (context_id);`,
        `    RAISE LOG '%', ${quoteLiteral(CONTEXT_OPEN_PREFIX)} || 'id=' || context_id::text || ' actor=' || person || ' tenant=' || tenant::text;`,
        "END",
    ].join("\n");
    return [
        `CREATE OR REPLACE FUNCTION ${fn(SET_ACTOR_FUNCTION)}(person text, tenant ${m.tenant.type})`,
        "RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET client_min_messages = notice",
        `AS ${dollarQuote(body)}`,
    ].join("\n");
}

/**
 * The acting person's context (HPG-AUD-07), created as the owner so the owner owns every object; `hpg.set_actor` is
 * executable by the roles that may call `hpg.set_tenant`, and nobody else holds anything on the table or the trigger.
 */
export function actorContextSql(m: ResolvedAccessModel): string[] {
    const callers = [m.groups.owner, m.groups.app_rw, m.groups.analytics_ro].map(quoteIdent).join(", ");
    return [
        `SET ROLE ${quoteIdent(m.groups.owner)}`,
        ...actorContextTableSql(),
        closeActorContextFunctionSql(),
        `REVOKE ALL ON FUNCTION ${fn(ACTOR_CONTEXT_CLOSE_FUNCTION)}() FROM PUBLIC`,
        closeActorContextTriggerSql(),
        setActorFunctionSql(m),
        `REVOKE ALL ON FUNCTION ${setActorSignature(m)} FROM PUBLIC`,
        `GRANT EXECUTE ON FUNCTION ${setActorSignature(m)} TO ${callers}`,
        "RESET ROLE",
    ];
}

/** What removing the access model removes of the context (run as the owner): the function, then the table with its trigger. */
export function dropActorContextSql(m: ResolvedAccessModel): string[] {
    return [
        `DROP FUNCTION IF EXISTS ${setActorSignature(m)}`,
        `DROP TABLE IF EXISTS ${fn(ACTOR_CONTEXT_TABLE)}`,
        `DROP FUNCTION IF EXISTS ${fn(ACTOR_CONTEXT_CLOSE_FUNCTION)}()`,
    ];
}
