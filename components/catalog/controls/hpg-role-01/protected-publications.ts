import { CLASSIFICATION_COMMENT_PATTERN } from "../..";
import { PROTECTED_TABLES_SQL } from "../../kit/live/application-objects";
import { CheckContext } from "../../kit/live/types";

/** A publication that ships a protected table (tenant column or classified column) to its subscribers. */
export type ProtectedPublicationRow = {
    publication: string;
    /** The publication's name as quote_ident writes it, for the fix. */
    publication_ident: string;
    /** FOR ALL TABLES. */
    all_tables: boolean;
    /** The protected table (regclass text). */
    table: string;
    has_tenant_column: boolean;
    classified_columns: string[];
    /** How the publication lists it: the table itself or a partitioned ancestor (FOR TABLE), as regclass text. */
    listed_tables: string[];
    /** Schemas the publication lists (FOR TABLES IN SCHEMA) that hold the table or an ancestor, as quote_ident writes them. */
    listed_schemas: string[];
} & Record<string, unknown>;

/**
 * Each publication and each protected table it ships, whichever way it includes it: FOR ALL TABLES, FOR TABLE (the
 * table or a partitioned ancestor), or FOR TABLES IN SCHEMA (PostgreSQL 15). Unlogged tables are never replicated.
 * pg_partition_ancestors returns nothing for a table that is not a partition, so the table itself is matched as well.
 * $1 is the tenant column, $2 the classification comment pattern (as for the protected tables).
 */
export const PROTECTED_PUBLICATIONS_SQL = `
WITH protected AS (
    -- The protected tables cost the most to find: only when a publication exists (a one-time filter, checked first).
    SELECT pt.* FROM (${PROTECTED_TABLES_SQL.trim()}) AS pt WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_publication)
), included AS (
    SELECT p.pubname::text AS publication, quote_ident(p.pubname) AS publication_ident, p.puballtables AS all_tables,
           t.table, t.has_tenant_column, t.classified_columns,
           coalesce((SELECT array_agg(pr.prrelid::pg_catalog.regclass::text ORDER BY 1) FROM pg_catalog.pg_publication_rel AS pr
                     WHERE pr.prpubid = p.oid AND (pr.prrelid = rel.oid OR pr.prrelid IN (SELECT a.relid FROM pg_catalog.pg_partition_ancestors(rel.oid) AS a))), '{}') AS listed_tables,
           coalesce((SELECT array_agg(DISTINCT quote_ident(n.nspname)) FROM pg_catalog.pg_publication_namespace AS pn
                     JOIN pg_catalog.pg_namespace AS n ON n.oid = pn.pnnspid
                     WHERE pn.pnpubid = p.oid
                       AND (pn.pnnspid = rel.relnamespace
                            OR pn.pnnspid IN (SELECT anc.relnamespace FROM pg_catalog.pg_class AS anc
                                              WHERE anc.oid IN (SELECT a.relid FROM pg_catalog.pg_partition_ancestors(rel.oid) AS a)))), '{}') AS listed_schemas
    FROM pg_catalog.pg_publication AS p
    CROSS JOIN protected AS t
    JOIN pg_catalog.pg_class AS rel ON rel.oid = t.oid::pg_catalog.oid AND rel.relpersistence = 'p'
)
SELECT i.publication AS "publication", i.publication_ident AS "publication_ident", i.all_tables AS "all_tables", i.table AS "table",
       i.has_tenant_column AS "has_tenant_column", i.classified_columns AS "classified_columns",
       i.listed_tables AS "listed_tables", i.listed_schemas AS "listed_schemas"
FROM included AS i
WHERE i.all_tables OR cardinality(i.listed_tables) > 0 OR cardinality(i.listed_schemas) > 0
ORDER BY 1, 4`;

/** Publications that ship protected tables, recorded as evidence. */
export async function protectedPublications(ctx: CheckContext): Promise<ProtectedPublicationRow[]> {
    return ctx.query<ProtectedPublicationRow>(
        `Publications (logical replication) that ship a table with the tenant column '${ctx.options.tenantColumn}' or a classified column`,
        PROTECTED_PUBLICATIONS_SQL,
        [ctx.options.tenantColumn, CLASSIFICATION_COMMENT_PATTERN],
    );
}
