export * from "./bundle";
export * from "./access-review";
export * from "./markdown";
export * from "./write-bundle";
