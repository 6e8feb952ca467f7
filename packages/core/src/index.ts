/**
 * @realtime-agents/core — agents, tools, handoffs, guardrails, the session and the protocol types.
 * No DOM, no network, no Node built-ins: transports plug in through the `Transport` interface.
 * @module
 */
export * from './errors.js';
export * from './transport.js';
export * from './protocol/index.js';
