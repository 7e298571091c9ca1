export * from "./types";
export * from "./controls";
export * from "./parameters";
export * from "./postures";
export * from "./pgaudit";
export * from "./tls";
export * from "./controls-markdown";
export * from "./classification";
