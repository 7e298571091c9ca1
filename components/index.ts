// The library entry point: `import { HardenedPostgres } from "hardened-postgres"`.
export * from "./catalog";
export * from "./hardened-postgres";
export * from "./database-access";
