// Public library API. The CLI (src/cli) is a thin layer over these exports.
export * from './util/errors.js';
export * from './util/safe-id.js';
export * from './util/runtime-context.js';
export * from './agents/schema.js';
export * from './config/config-schema.js';
export * from './config/load-config.js';
export type * from './telemetry/events.js';
export type * from './providers/types.js';
