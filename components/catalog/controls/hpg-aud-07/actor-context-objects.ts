/**
 * The database objects of the acting person's context (HPG-AUD-07), named once: the SQL that creates them
 * (components/database-access/actor-context-sql.ts), the live check and the attribution of log records read these.
 */

/** The helper schema the objects live in: the access model's HELPER_SCHEMA (a test keeps the two equal). */
export const ACTOR_CONTEXT_SCHEMA = "hpg";
/** `hpg.set_actor(person, tenant)`: what the application calls first in each transaction. */
export const SET_ACTOR_FUNCTION = "set_actor";
/** The unlogged table whose one row per open context arms the close trigger. */
export const ACTOR_CONTEXT_TABLE = "actor_context";
/** The deferred constraint trigger on that table that writes the close record at commit. */
export const ACTOR_CONTEXT_CLOSE_TRIGGER = "actor_context_close";
/** The trigger's function. */
export const ACTOR_CONTEXT_CLOSE_FUNCTION = "close_actor_context";

/**
 * How PL/pgSQL names the function in the CONTEXT of its RAISE LOG ("PL/pgSQL function hpg.set_actor(text,uuid) line
 * 14 at RAISE"): a DO block's RAISE says "inline_code_block" and a temporary function's says "pg_temp_N.…", so only
 * the real functions can write a context record the attribution accepts.
 */
export const SET_ACTOR_CONTEXT_PREFIX = `PL/pgSQL function ${ACTOR_CONTEXT_SCHEMA}.${SET_ACTOR_FUNCTION}(`;
export const CLOSE_CONTEXT_PREFIX = `PL/pgSQL function ${ACTOR_CONTEXT_SCHEMA}.${ACTOR_CONTEXT_CLOSE_FUNCTION}(`;
