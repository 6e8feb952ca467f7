/**
 * The demo's agents: a greeter with two tools (one needs approval) and, on the emulator, a hosted
 * MCP server (one of its tools needs approval), a Spanish agent reached by handoff, and an output
 * guardrail that blocks any answer containing {@link BLOCKED_WORD}.
 * @module
 */
import {
  type HostedMcpTool,
  hostedMcpTool,
  outputGuardrail,
  RealtimeAgent,
  realtimeHandoff,
  tool,
} from '@realtime-agents/core';
import { z } from 'zod';

/** The word the demo's output guardrail blocks (type it: the emulator quotes you back). */
export const BLOCKED_WORD = 'pineapple';

/** `get_weather(city)`: a canned forecast, answered at once. */
export const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string().describe('City name, e.g. Paris') }),
  execute: ({ city }) => `Sunny in ${city}, 22°C (72°F), light breeze`,
});

/** `book_table(name, time)`: pretends to book a restaurant table; the user must approve it first. */
export const bookTable = tool({
  name: 'book_table',
  description: 'Book a restaurant table for a guest at a given time',
  parameters: z.object({
    name: z.string().describe('Guest name'),
    time: z.string().describe('Time, e.g. 19:30'),
  }),
  needsApproval: true,
  execute: ({ name, time }) => ({ confirmed: true, name, time, table: 12 }),
});

/** The demo MCP server's tools that run without asking; every other tool asks first. */
export const MCP_NO_APPROVAL = ['roll_dice'] as const;
/** The demo MCP server's tools that always wait for Approve / Reject. */
export const MCP_ALWAYS_APPROVE = ['delete_file'] as const;

/** Where the demo's MCP server is (`GET /config`'s `mcp`; only the emulator backend has one). */
export interface McpServerConfig {
  serverLabel: string;
  url: string;
}

/**
 * The hosted MCP tool for the demo's server: the Realtime API (here the emulator) lists and calls its
 * tools itself; `roll_dice` runs at once, `delete_file` waits for the user's approval.
 */
export function demoMcpTool(server: McpServerConfig): HostedMcpTool {
  return hostedMcpTool({
    serverLabel: server.serverLabel,
    serverUrl: server.url,
    serverDescription: 'A demo workspace: roll dice and delete files.',
    requireApproval: { never: [...MCP_NO_APPROVAL], always: [...MCP_ALWAYS_APPROVE] },
  });
}

/** True when `text` contains {@link BLOCKED_WORD} (case-insensitive). */
export const mentionsBlockedWord = (text: string): boolean => text.toLowerCase().includes(BLOCKED_WORD);

/**
 * The output guardrail: trips on answers that mention {@link BLOCKED_WORD}. The session stops such an
 * answer and asks for a corrected one at most twice per user turn (`guardrails.retryPolicy`).
 */
export function noBlockedWord() {
  return outputGuardrail({
    name: `no_${BLOCKED_WORD}`,
    execute: (_ctx, _agent, output) => ({
      tripwireTriggered: mentionsBlockedWord(output),
      outputInfo: { blockedWord: BLOCKED_WORD },
    }),
  });
}

/**
 * Builds a fresh set of agents (one per session, so state never leaks between connects); with `mcp`
 * the greeter also gets that MCP server ({@link demoMcpTool}).
 */
export function createAgents({ mcp }: { mcp?: McpServerConfig | null } = {}): {
  greeter: RealtimeAgent;
  spanish: RealtimeAgent;
} {
  const noPineapple = noBlockedWord();
  const spanish = new RealtimeAgent({
    name: 'Spanish',
    instructions: 'Respond only in Spanish. Be brief and friendly.',
    handoffDescription: 'Speaks Spanish with the user.',
    tools: [getWeather],
    outputGuardrails: [noPineapple],
  });
  const greeter = new RealtimeAgent({
    name: 'Greeter',
    instructions:
      'You are a helpful voice assistant. Greet the user warmly. Use get_weather for weather questions and ' +
      'book_table to reserve tables. Transfer to the Spanish agent when the user wants to speak Spanish.' +
      (mcp ? ' Use the MCP server to roll dice and delete files.' : ''),
    tools: mcp ? [getWeather, bookTable, demoMcpTool(mcp)] : [getWeather, bookTable],
    handoffs: [realtimeHandoff(spanish)],
    outputGuardrails: [noPineapple],
  });
  return { greeter, spanish };
}
