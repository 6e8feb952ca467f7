// @realtime-agents/react promises React ≥ 18 while its own tests run on React 19: this spec builds a
// small app against React 18.3 (npm aliases react-18 / react-dom-18, swapped in with esbuild's alias)
// and drives it in Chromium against the emulator — StrictMode, connect on click, one connection,
// a text turn streamed into useTranscript, agent state back to listening, unmount closes the session.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

const APP = `
import { createElement as h, StrictMode, version } from 'react';
import { createRoot } from 'react-dom/client';
import { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
import { websocketTransport } from '@realtime-agents/websocket';
import { RealtimeProvider, useAgentState, useRealtimeSession, useTranscript } from '@realtime-agents/react';

const { baseUrl } = window.__E2E__;
window.__connects = 0;
const clientSecret = async () => {
  window.__connects++;
  const res = await fetch(baseUrl + '/realtime/client_secrets', {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
  });
  return (await res.json()).value;
};
const runner = new RealtimeRunner({ baseUrl, turnDetection: null, transport: websocketTransport({ clientSecret }) });
const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'You are a helpful voice assistant.' });

function App() {
  const { session, status, connect } = useRealtimeSession();
  const messages = useTranscript();
  const state = useAgentState();
  window.__session = session;
  return h('div', null,
    h('output', { 'data-testid': 'version' }, version),
    h('output', { 'data-testid': 'status' }, status),
    h('output', { 'data-testid': 'state' }, state),
    h('button', { onClick: () => void connect() }, 'Connect'),
    h('button', { onClick: () => void session?.sendText('Hello there') }, 'Say hello'),
    h('ul', null, messages.map((m) => h('li', { key: m.id, 'data-role': m.role, 'data-streaming': String(m.streaming) }, m.text))),
  );
}
const root = createRoot(document.getElementById('root'));
root.render(h(StrictMode, null, h(RealtimeProvider, { runner, agent }, h(App))));
window.__unmount = () => root.unmount();
`;

let emulator: Emulator;
let server: Server;
let url: string;

test.beforeAll(async () => {
  emulator = await startEmulator();
  const react18 = join(here, 'node_modules', 'react-18');
  const reactDom18 = join(here, 'node_modules', 'react-dom-18');
  const bundle = await build({
    stdin: { contents: APP, resolveDir: here, loader: 'js', sourcefile: 'react-18-app.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    alias: { react: react18, 'react-dom': reactDom18 },
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.text;
  const html = `<!doctype html><div id="root"></div><script>window.__E2E__ = ${JSON.stringify({ baseUrl: emulator.baseUrl })}</script><script type="module" src="/app.js"></script>`;
  server = createServer((req, res) => {
    const isJs = req.url === '/app.js';
    res.writeHead(200, { 'Content-Type': isJs ? 'text/javascript' : 'text/html' });
    res.end(isJs ? js : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

test('React 18: StrictMode provider connects once on click, streams a text turn, closes on unmount', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.getByTestId('version')).toHaveText(/^18\./);
  await expect(page.getByTestId('status')).toHaveText('idle');
  expect(emulator.sessions.size).toBe(0);

  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('status')).toHaveText('connected');
  expect(await page.evaluate(() => (window as unknown as { __connects: number }).__connects)).toBe(1);
  expect(emulator.sessions.size).toBe(1);

  await page.getByRole('button', { name: 'Say hello' }).click();
  await expect(page.locator('li[data-role="user"]')).toHaveText('Hello there');
  const answer = page.locator('li[data-role="assistant"]');
  await expect(answer).toHaveAttribute('data-streaming', 'false', { timeout: 15_000 });
  await expect(answer).not.toHaveText('');
  await expect(page.getByTestId('state')).toHaveText('listening');

  await page.evaluate(() => (window as unknown as { __unmount(): void }).__unmount());
  await expect.poll(() => emulator.sessions.size).toBe(0);
  expect(errors).toEqual([]);
});
