export * from "./activity-log";
export * from "./orders";
export * from "./products";
export * from "./stores";
export * from "./users";
export * from "./webhook-deliveries";
