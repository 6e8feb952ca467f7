/**
 * The script the `voice` fixture adds to every page before its own scripts run
 * (`page.addInitScript`). It is serialized with `Function.prototype.toString`, so it imports
 * nothing and closes over nothing.
 *
 * - **Session probe**: defines `globalThis.__REALTIME_AGENTS_PROBE__`, which each new
 *   `RealtimeSession` calls with itself; the session's events are reported as plain JSON.
 * - **Output taps**: every node connected to an `AudioContext`'s speakers, and every media element
 *   playing a `MediaStream` (WebRTC audio), is measured; levels above the floor are reported.
 *
 * Reports go to the page binding `__realtimeAgentsReport` (queued until it exists).
 * @module
 */

/** What the page reports to the test. */
export type PageReport =
  | { kind: 'session'; session: number; agent: string | null }
  | { kind: 'event'; session: number; event: ProbeEvent }
  | { kind: 'level'; source: 'webaudio' | 'element'; dbfs: number };

/** A session event as plain JSON (agents by name; no audio buffers, no raw server events). */
export type ProbeEvent = { type: string; [field: string]: unknown };

/** Runs in the page. `floorDbfs`: levels below it are not reported. */
export function pageProbeScript(floorDbfs: number): void {
  const g = globalThis as unknown as Record<string, unknown>;
  if (g.__REALTIME_AGENTS_PROBE__) return;
  const pending: unknown[] = [];
  const report = (r: unknown) => {
    const binding = g.__realtimeAgentsReport as ((r: unknown) => Promise<void>) | undefined;
    if (!binding) {
      pending.push(r);
      return;
    }
    while (pending.length) void binding(pending.shift()).catch(() => undefined);
    void binding(r).catch(() => undefined);
  };

  // ---- session probe --------------------------------------------------------------------------
  let sessions = 0;
  const name = (agent: unknown) => (agent as { name?: string } | undefined)?.name ?? null;
  const plain = (v: unknown): unknown => {
    try {
      return v === undefined ? null : JSON.parse(JSON.stringify(v));
    } catch {
      return String(v);
    }
  };
  const errorOf = (e: unknown) =>
    e instanceof Error
      ? { name: e.name, message: e.message, code: (e as { code?: unknown }).code ?? null }
      : plain(e);
  const serialize = (e: Record<string, unknown>): Record<string, unknown> | null => {
    switch (e.type) {
      case 'audio':
      case 'raw':
      case 'history_added':
      case 'history_updated':
        return null;
      case 'agent_start':
        return { type: e.type, agent: name(e.agent), responseId: e.responseId };
      case 'agent_end':
        return {
          type: e.type,
          agent: name(e.agent),
          responseId: e.responseId,
          output: e.output,
          status: e.status,
        };
      case 'tool_start':
      case 'tool_approval_requested':
        return {
          type: e.type,
          agent: name(e.agent),
          toolName: e.toolName,
          callId: e.callId,
          arguments: plain(e.arguments),
        };
      case 'tool_end':
        return {
          type: e.type,
          agent: name(e.agent),
          toolName: e.toolName,
          callId: e.callId,
          output: plain(e.output),
          ok: e.ok,
        };
      case 'handoff':
        return { type: e.type, from: name(e.from), to: name(e.to) };
      case 'guardrail_tripped':
        return {
          type: e.type,
          guardrail: e.guardrail,
          agent: name(e.agent),
          responseId: e.responseId,
          output: e.output,
          retrying: e.retrying,
        };
      case 'connection':
        return { ...e, error: e.error ? errorOf(e.error) : undefined };
      case 'error':
        return { type: e.type, error: errorOf(e.error) };
      case 'warning':
        return { type: e.type, warning: errorOf(e.warning) };
      default:
        return plain(e) as Record<string, unknown>;
    }
  };
  g.__REALTIME_AGENTS_PROBE__ = (session: {
    on(type: '*', fn: (e: Record<string, unknown>) => void): unknown;
    currentAgent?: { name?: string };
  }) => {
    const id = ++sessions;
    report({ kind: 'session', session: id, agent: session.currentAgent?.name ?? null });
    session.on('*', (e) => {
      const event = serialize(e);
      if (event) report({ kind: 'event', session: id, event });
    });
  };

  // ---- output taps ----------------------------------------------------------------------------
  if (typeof AudioNode === 'undefined') return;
  const dbfs = (a: AnalyserNode, buf: Float32Array<ArrayBuffer>) => {
    a.getFloatTimeDomainData(buf);
    let sum = 0;
    for (let i = 0; i < buf.length; i++) sum += buf[i]! * buf[i]!;
    const rms = Math.sqrt(sum / buf.length);
    return rms > 0 ? 20 * Math.log10(rms) : -120;
  };
  const meters: Array<{ source: 'webaudio' | 'element'; read: () => number | null }> = [];
  const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
  const analysers = new WeakMap<BaseAudioContext, AnalyserNode>();
  const analyserFor = (ctx: BaseAudioContext) => {
    let a = analysers.get(ctx);
    if (!a) {
      a = ctx.createAnalyser();
      a.fftSize = 2048;
      analysers.set(ctx, a);
      const buf = new Float32Array(a.fftSize);
      const node = a;
      meters.push({ source: 'webaudio', read: () => (ctx.state === 'running' ? dbfs(node, buf) : null) });
    }
    return a;
  };
  AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
    const out = connect.apply(this, args);
    if (typeof AudioDestinationNode !== 'undefined' && args[0] instanceof AudioDestinationNode)
      connect.call(this, analyserFor(this.context));
    return out;
  } as typeof AudioNode.prototype.connect;

  let tapContext: AudioContext | null = null;
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  if (srcObject?.set && srcObject.get) {
    const tapped = new WeakSet<MediaStream>();
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      ...srcObject,
      set(this: HTMLMediaElement, value: MediaProvider | null) {
        srcObject.set!.call(this, value);
        if (typeof MediaStream === 'undefined' || !(value instanceof MediaStream)) return;
        if (tapped.has(value) || value.getAudioTracks().length === 0) return;
        tapped.add(value);
        try {
          tapContext ??= new AudioContext();
          const a = tapContext.createAnalyser();
          a.fftSize = 2048;
          tapContext.createMediaStreamSource(value).connect(a);
          const buf = new Float32Array(a.fftSize);
          const ctx = tapContext;
          meters.push({
            source: 'element',
            read: () => {
              if (this.srcObject !== value || this.muted || this.volume === 0 || this.paused) return null;
              if (ctx.state !== 'running') void ctx.resume().catch(() => undefined);
              return dbfs(a, buf);
            },
          });
        } catch {
          // measuring is best effort: playback itself is untouched
        }
      },
    });
  }
  const peak: Record<string, number> = {};
  setInterval(() => {
    for (const m of meters) {
      const level = m.read();
      if (level !== null && level > (peak[m.source] ?? Number.NEGATIVE_INFINITY)) peak[m.source] = level;
    }
  }, 25);
  setInterval(() => {
    for (const source of Object.keys(peak)) {
      const level = peak[source]!;
      delete peak[source];
      if (level >= floorDbfs) report({ kind: 'level', source, dbfs: Math.round(level * 10) / 10 });
    }
  }, 100);
}
