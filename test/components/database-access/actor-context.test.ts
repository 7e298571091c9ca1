import { PERSON_PATTERN } from "../../../components/audit-trail/events";
import { ACTOR_CONTEXT_SCHEMA } from "../../../components/catalog/controls/hpg-aud-07/actor-context-objects";
import { renderRoleSql } from "../../../components/database-access/access-sql";
import { ActorError, SET_ACTOR_STATEMENT, validateActor } from "../../../components/database-access/actor-context";
import { actorContextSql, dropActorContextSql, PERSON_PATTERN_SQL, setActorFunctionSql } from "../../../components/database-access/actor-context-sql";
import { HELPER_SCHEMA, resolveAccessModel } from "../../../components/database-access/model";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { helperSql } from "../../../components/database-access/tenant-isolation-sql";

const m = resolveAccessModel(SAMPLE_ACCESS_MODEL);
const TENANT = "a0000000-0000-4000-8000-00000000000a";

describe("the actor context SQL", () => {
    test("lives in the helper schema and renders the person rule from PERSON_PATTERN itself", () => {
        expect(ACTOR_CONTEXT_SCHEMA).toBe(HELPER_SCHEMA);
        expect(PERSON_PATTERN_SQL).toBe(PERSON_PATTERN.source);
        expect(setActorFunctionSql(m)).toContain(`person !~ E'${PERSON_PATTERN.source.replace(/\\/g, "\\\\")}'`);
    });

    test("is installed with phase 1, after the helpers it calls, as the owner", () => {
        const sql = renderRoleSql(SAMPLE_ACCESS_MODEL, "self-managed");
        const helpers = helperSql(m);
        const context = actorContextSql(m);
        expect(sql.slice(-context.length)).toEqual(context);
        expect(sql.indexOf(helpers[helpers.length - 1])).toBeLessThan(sql.length - context.length);
        expect(context[0]).toBe('SET ROLE "hpg_owner"');
        expect(context[context.length - 1]).toBe("RESET ROLE");
    });

    test("set_actor is SECURITY DEFINER with a fixed search_path, keeps its LOG from the client, and is executable by the set_tenant roles only", () => {
        expect(setActorFunctionSql(m).split("\n").slice(0, 2)).toEqual([
            'CREATE OR REPLACE FUNCTION "hpg"."set_actor"(person text, tenant uuid)',
            "RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET client_min_messages = notice",
        ]);
        const context = actorContextSql(m);
        expect(context).toContain('REVOKE ALL ON FUNCTION "hpg"."set_actor"(text, uuid) FROM PUBLIC');
        expect(context).toContain('GRANT EXECUTE ON FUNCTION "hpg"."set_actor"(text, uuid) TO "hpg_owner", "hpg_app_rw", "hpg_analytics_ro"');
        expect(context).toContain('REVOKE ALL ON TABLE "hpg"."actor_context" FROM PUBLIC');
        expect(context.filter((s) => /GRANT .* ON TABLE/.test(s))).toEqual([]);
    });

    test("the tenant argument has the model's tenant type; a text tenant is held to the person rule", () => {
        const textModel = resolveAccessModel({ ...SAMPLE_ACCESS_MODEL, tenant: { type: "text" } });
        expect(setActorFunctionSql(textModel)).toContain("(person text, tenant text)");
        expect(setActorFunctionSql(textModel)).toContain("tenant !~ E'");
        expect(dropActorContextSql(textModel)[0]).toBe('DROP FUNCTION IF EXISTS "hpg"."set_actor"(text, text)');
    });

    test("writes exactly the shared context prefixes", () => {
        expect(setActorFunctionSql(m)).toContain("RAISE LOG '%', 'hpg-audit-context open ' || 'id=' || context_id::text || ' actor=' || person || ' tenant=' || tenant::text;");
        expect(actorContextSql(m).join("\n")).toContain("RAISE LOG '%', 'hpg-audit-context close ' || 'id=' || NEW.id::text;");
        expect(actorContextSql(m).join("\n")).toContain(
            'CREATE CONSTRAINT TRIGGER "actor_context_close" AFTER INSERT ON "hpg"."actor_context" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "hpg"."close_actor_context"();',
        );
    });
});

describe("validateActor (withActor's check before any round trip)", () => {
    test("accepts a person the context function accepts, and binds both values", () => {
        expect(validateActor({ person: "dr.jane+ward-3@clinic.example", tenant: TENANT })).toEqual({ person: "dr.jane+ward-3@clinic.example", tenant: TENANT });
        expect(SET_ACTOR_STATEMENT).toBe('SELECT "hpg"."set_actor"($1, $2)');
    });

    test.each([
        ["a space", "jane doe"],
        ["a newline (a forged continuation line)", "jane\n2026-11-26 08:00:00 UTC::@:[1]:LOG:  hpg-audit-context open"],
        ["a quote", "jane'"],
        ["a leading dash", "-jane"],
        ["nothing", ""],
        ["129 characters", "a".repeat(129)],
    ])("refuses a person with %s, naming the field, the value and what is allowed", (_case, person) => {
        expect(() => validateActor({ person, tenant: TENANT })).toThrow(new ActorError(`[actor.person] ${JSON.stringify(person)} is not a person id the audit context accepts (allowed: ${PERSON_PATTERN.source})`));
    });

    test("refuses an empty tenant", () => {
        expect(() => validateActor({ person: "jane", tenant: " " })).toThrow(new ActorError('[actor.tenant] " " is not a tenant id (allowed: the model\'s tenant id, e.g. a uuid)'));
    });
});
