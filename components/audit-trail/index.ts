export * from "./events";
export * from "./archive-table";
export * from "./detections";
