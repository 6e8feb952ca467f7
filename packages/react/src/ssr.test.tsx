// Server rendering: importing the package and rendering every component with react-dom/server in
// Node touches no window, navigator, document or audio API, and gives the idle markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GUARDED = ['window', 'navigator', 'AudioContext', 'MediaStream', 'requestAnimationFrame'] as const;
const touched: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();

beforeAll(() => {
  for (const name of GUARDED) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        // only our package's reads count (React itself may probe the environment)
        if (/packages\/react\/src\//.test(new Error().stack ?? '')) touched.push(name);
        return undefined;
      },
    });
  }
});
afterAll(() => {
  for (const [name, d] of saved) {
    if (d) Object.defineProperty(globalThis, name, d);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

describe('server rendering', () => {
  it('imports and renders in Node without touching browser globals', async () => {
    const { RealtimeAgent, RealtimeRunner } = await import('@realtime-agents/core');
    const { renderToString } = await import('react-dom/server');
    const kit = await import('./index.js');
    const { createElement: h } = await import('react');
    // biome-ignore lint/correctness/noComponentHookFactories: the hooks come from the import above, made after the guards
    function Status() {
      const { status } = kit.useRealtimeSession();
      const state = kit.useAgentState();
      const { calls } = kit.useToolCalls();
      const devices = kit.useDevices();
      const { last } = kit.useLatency();
      kit.useAudioLevels(() => undefined);
      kit.useSessionEvent('transcript', () => undefined);
      return h('p', null, `${status}/${state}/${calls.length}/${devices.inputs.length}/${last}`);
    }
    const runner = new RealtimeRunner({ transport: undefined });
    const html = renderToString(
      h(
        kit.RealtimeProvider,
        { runner, agent: new RealtimeAgent({ name: 'A', instructions: 'x' }) },
        h(Status),
        h(kit.MicButton),
        h(kit.AudioVisualizer, { bars: 3 }),
        h(kit.Transcript),
        h(kit.ToolApproval),
      ),
    );
    expect(html).toContain('<p>idle/idle/0/0/null</p>');
    expect(html).toMatch(
      /<button type="button" aria-pressed="false" disabled=""[^>]*>Mute microphone<\/button>/,
    );
    expect(html.match(/data-part="bar"/g)).toHaveLength(3);
    expect(html).toContain('role="log"');
    expect(touched).toEqual([]);
  });

  it('names the provider when a hook is used outside it', async () => {
    const { renderToString } = await import('react-dom/server');
    const { createElement: h } = await import('react');
    const { useTranscript } = await import('./index.js');
    // biome-ignore lint/correctness/noComponentHookFactories: the hook comes from the import above, made after the guards
    function Orphan() {
      useTranscript();
      return null;
    }
    expect(() => renderToString(h(Orphan))).toThrow(
      'useTranscript() must be used inside <RealtimeProvider runner={…} agent={…}>',
    );
  });
});
