export * from "./bundle";
export * from "./access-review";
export * from "./audit-trail";
export * from "./markdown";
export * from "./write-bundle";
