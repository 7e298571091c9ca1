import { AccessModel, DEFAULT_SCHEMA } from "../../database-access/model";

/**
 * The tables an access model classifies (any column with a classification), as pgaudit names them: `schema.table`.
 * The model is where classification is declared (its column comments are written from it), so the defaults read it.
 */
export function classifiedTableNames(model: AccessModel): string[] {
    const schema = model.schema ?? DEFAULT_SCHEMA;
    return model.tables.filter((t) => t.classified && Object.keys(t.classified).length > 0).map((t) => `${schema}.${t.name}`);
}
