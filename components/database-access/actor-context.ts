import type { ClientBase } from "pg";
import { Actor, PERSON_PATTERN } from "../audit-trail/events";
import { SET_ACTOR_FUNCTION } from "../catalog/controls/hpg-aud-07/actor-context-objects";
import { HELPER_SCHEMA } from "./model";
import { qualified } from "./sql-quote";

/** The one statement that opens a person's context; both values are bound, so the server log never holds them as text of a statement. */
export const SET_ACTOR_STATEMENT = `SELECT ${qualified(HELPER_SCHEMA, SET_ACTOR_FUNCTION)}($1, $2)`;

/** An actor the context function would refuse, caught before a round trip. */
export class ActorError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ActorError";
    }
}

/** Checks an actor as `hpg.set_actor` does: the person against PERSON_PATTERN, the tenant present. */
export function validateActor(actor: Actor): Actor {
    if (typeof actor?.person !== "string" || !PERSON_PATTERN.test(actor.person)) {
        throw new ActorError(`[actor.person] ${JSON.stringify(actor?.person)} is not a person id the audit context accepts (allowed: ${PERSON_PATTERN.source})`);
    }
    if (typeof actor.tenant !== "string" || actor.tenant.trim() === "") {
        throw new ActorError(`[actor.tenant] ${JSON.stringify(actor.tenant)} is not a tenant id (allowed: the model's tenant id, e.g. a uuid)`);
    }
    return actor;
}

/**
 * Runs `work` in one transaction acting for `actor`: BEGIN, `SELECT hpg.set_actor($1, $2)` (the tenant context and the
 * audit context of HPG-AUD-07), `work(client)`, COMMIT. Every statement `work` runs is attributed to `actor.person` in
 * the audit trail once the commit has written the context's close. On any error it rolls back and rethrows: a
 * rolled-back transaction writes no close, so none of its statements are attributed to anyone.
 * Use one client (a pool's checked-out client) for the whole call; never share it with concurrent work.
 */
export async function withActor<T>(client: ClientBase, actor: Actor, work: (client: ClientBase) => Promise<T>): Promise<T> {
    validateActor(actor);
    await client.query("BEGIN");
    try {
        await client.query(SET_ACTOR_STATEMENT, [actor.person, actor.tenant]);
        const result = await work(client);
        const commit = await client.query("COMMIT");
        // COMMIT of a transaction an error aborted (one `work` caught) answers ROLLBACK, not an error.
        if (commit.command === "ROLLBACK") {
            throw new ActorError(`the transaction acting for ${actor.person} was rolled back by an earlier error in it; nothing it ran was committed`);
        }
        return result;
    } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
    }
}
