import { GeneratedFile } from "./generate-registries";
export function generatedDocuments(): GeneratedFile[] { return []; }
