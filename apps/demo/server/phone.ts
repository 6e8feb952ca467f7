// A phone line answered by the demo's agents. OpenAI (or the emulator) rings this server with a
// signed `realtime.call.incoming` webhook; it accepts the call and attaches a session by call_id.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RealtimeRunner } from '@realtime-agents/core';
import { sipWebhookHandler, toNodeHandler } from '@realtime-agents/server';
import { createAgents } from '../src/agents.js';

const runner = new RealtimeRunner({
  model: 'gpt-realtime',
  voice: 'marin',
  reconnect: false, // a phone call cannot move to a new socket
  baseUrl: process.env.OPENAI_BASE_URL, // unset: api.openai.com; the emulator: http://127.0.0.1:8787/v1
});

const handler = sipWebhookHandler({
  // several secrets, comma-separated, while rotating
  secret: (process.env.OPENAI_WEBHOOK_SECRET ?? '').split(',').filter(Boolean),
  runner,
  onIncomingCall: (call) =>
    call.from?.includes('+15555550666')
      ? { action: 'reject', statusCode: 486 } // busy, for this one caller
      : { action: 'accept', agent: createAgents().greeter },
  onSession: (session) => {
    session.on('transcript', (e) => {
      if (e.final) console.log(`[${session.callId}] ${e.role}: ${e.text}`);
    });
  },
  onEvent: (e) => {
    const call = 'callId' in e ? e.callId : e.webhookId;
    console.log(
      `[sip] ${e.type} ${call ?? ''}${e.type === 'error' ? ` (${e.stage}): ${e.error.message}` : ''}`,
    );
  },
});

export const server = createServer(toNodeHandler(handler));
server.listen(Number(process.env.PORT ?? 8000), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Webhook URL: http://127.0.0.1:${port}/ (expose it and set it in the OpenAI dashboard)`);
});
