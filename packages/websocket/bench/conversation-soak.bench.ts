/**
 * Bench (`pnpm bench conversation-soak`): a real-time voice conversation over `websocketTransport`
 * with `clockPlayback()` in Node — a microphone simulation sends PCM16 every 20 ms without pause
 * (espeak-ng sentences, silence between them), server VAD makes the turns, the answers play by the
 * clock — and one forced drop halfway (`EngineSession.drop()`), after which the session must
 * reconnect by itself and the re-seeded server conversation must answer "what did I say before?".
 * Samples the heap each minute. Env: SOAK_MINUTES (default 10).
 * @module
 */
import { RealtimeAgent, RealtimeRunner, type RealtimeSession } from '@realtime-agents/core';
import { importEmulator, startEmulatorWorker } from '../../../scripts/bench-emulator.mjs';
import { clockPlayback, websocketTransport } from '../src/index.js';
import {
  formatResources,
  grownResources,
  heapAfterGc,
  mb,
  mbDelta,
  ms,
  pct,
  resources,
  sleep,
} from './soak-stats.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CHUNK = 480; // 20 ms at 24 kHz
const TARGET_BYTES = 5e6;
const MEMORY_QUESTION = 'What did I say before?';
const SENTENCES = [
  'Good morning, I would like to plan a trip to the mountains.',
  'We want to leave on Friday and come back on Sunday evening.',
  'Please find a quiet hotel close to the hiking trails.',
  'My sister is coming too, and she loves long walks.',
  'Can you remind me to pack warm clothes and good boots?',
  'We should also book a table for dinner on Saturday.',
  'I prefer trains to driving when the weather is bad.',
  'Let us check the forecast again on Thursday night.',
];
const log = (...a: unknown[]) => console.error('[conversation soak]', ...a);

/** The microphone: 20 ms chunks in real time, speech from a queue, silence when it is empty. */
function microphone(send: (pcm: Int16Array) => void) {
  const silence = new Int16Array(CHUNK);
  let queue: Int16Array | null = null;
  let offset = 0;
  let onDone: (() => void) | null = null;
  let stopped = false;
  let sent = 0;
  const t0 = performance.now();
  let lateMax = 0;
  const loop = async () => {
    for (let n = 0; !stopped; n++) {
      if (queue && offset < queue.length) {
        send(queue.subarray(offset, offset + CHUNK));
        offset += CHUNK;
        if (offset >= queue.length) {
          queue = null;
          onDone?.();
        }
      } else send(silence);
      sent++;
      const wait = t0 + (n + 1) * 20 - performance.now();
      lateMax = Math.max(lateMax, -wait);
      if (wait > 0) await sleep(wait);
    }
  };
  const running = loop();
  return {
    /** Speak `pcm`; resolves when its last chunk was sent. */
    speak(pcm: Int16Array): Promise<void> {
      queue = pcm;
      offset = 0;
      return new Promise((r) => {
        onDone = r;
      });
    },
    async stop() {
      stopped = true;
      await running;
      return { seconds: (sent * 20) / 1000, lateMaxMs: lateMax };
    },
  };
}

/** Wait for the next event of `type` matching `pred` (after this call). */
function next(
  session: RealtimeSession,
  type: 'agent_end' | 'audio_end' | 'connection',
  pred: (e: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = session.on(type, (e) => {
      const event = e as unknown as Record<string, unknown>;
      if (!pred(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

export default async function main(): Promise<string> {
  const { createSynthesizer } = await importEmulator('conversation-soak-client');
  const synth = createSynthesizer();
  const voice = new Map<string, Int16Array>();
  for (const text of [...SENTENCES, MEMORY_QUESTION])
    voice.set(text, await synth.synthesize(text, 'echo', 1));
  const speechSeconds = [...voice.values()].map((p) => p.length / 24000);
  log(
    `synthesized ${voice.size} sentences, ${Math.min(...speechSeconds).toFixed(1)}–${Math.max(...speechSeconds).toFixed(1)} s`,
  );
  const emu = await startEmulatorWorker({ name: 'conversation-soak', transcribeSaid: true });
  const runner = new RealtimeRunner({
    apiKey: 'sk-test',
    baseUrl: emu.baseUrl,
    transport: websocketTransport({ playback: clockPlayback() }),
    turnDetection: { type: 'server_vad', threshold: 0.5, silenceDurationMs: 500 },
    inputAudioTranscription: { model: 'gpt-4o-transcribe' },
  });
  const agent = new RealtimeAgent({ name: 'Planner', instructions: 'Help plan trips. Be brief.' });
  const session = await runner.session(agent);
  let errors = 0;
  session.on('error', (e) => {
    errors++;
    log('error event', e.error.message);
  });
  const mic = microphone((pcm) => void session.sendAudio(pcm));
  const heapStart = heapAfterGc();
  const handlesStart = resources();
  const heap: number[] = [];
  const turnMs: number[] = [];
  const historyLengths: number[] = [];
  let answered = 0;
  let incomplete = 0;
  let drop: {
    at: number;
    reconnectMs: number;
    before: number;
    after: number;
    memory: string;
    expected: string;
  } | null = null;
  let historyShrank = 0;
  const durationMs = MINUTES * 60_000;
  const t0 = performance.now();
  let nextSample = t0 + 60_000;
  let lastSaid = '';

  const turn = async (text: string) => {
    await emu.say(text);
    const ended = next(session, 'agent_end');
    const spoken = mic.speak(voice.get(text)!);
    await spoken;
    const startAnswerWait = performance.now();
    const end = await ended;
    const audioEnd = next(session, 'audio_end', () => true, 30_000).catch(() => null);
    if (end.status === 'completed') answered++;
    else incomplete++;
    turnMs.push(performance.now() - startAnswerWait);
    await audioEnd; // the answer played out by the clock
    const len = session.history.length;
    if (historyLengths.length && len < historyLengths.at(-1)!) historyShrank++;
    historyLengths.push(len);
    return String(end.output ?? '');
  };

  for (let i = 0; performance.now() - t0 < durationMs; i++) {
    if (!drop && performance.now() - t0 >= durationMs / 2 && lastSaid) {
      const before = session.history.length;
      const { sessions } = await emu.stats();
      const reconnected = next(session, 'connection', (e) => e.state === 'connected' && e.resumed === true);
      const dropAt = performance.now();
      await emu.drop(sessions[0]!);
      await reconnected;
      const reconnectMs = performance.now() - dropAt;
      log(
        `dropped ${sessions[0]} at ${((dropAt - t0) / 60_000).toFixed(1)} min; reconnected in ${ms(reconnectMs)} ms`,
      );
      const expected = lastSaid;
      const memory = await turn(MEMORY_QUESTION);
      drop = { at: dropAt - t0, reconnectMs, before, after: session.history.length, memory, expected };
      lastSaid = MEMORY_QUESTION;
    } else {
      const text = SENTENCES[i % SENTENCES.length]!;
      await turn(text);
      lastSaid = text;
    }
    await sleep(400); // a breath between turns; the microphone keeps sending silence
    if (performance.now() >= nextSample) {
      heap.push(heapAfterGc().total);
      nextSample += 60_000;
      log(
        `minute ${heap.length}: heap ${mb(heap.at(-1)!)}, ${answered} turns answered, history ${session.history.length}`,
      );
    }
  }
  const micStats = await mic.stop();
  const wall = (performance.now() - t0) / 1000;
  const historyEnd = session.history.length;
  session.close();
  await sleep(1000);
  const heapEnd = heapAfterGc();
  const handlesEnd = resources();
  const emuEnd = await emu.stats(true);
  await emu.close();

  const growth = (heap.at(-1) ?? heapEnd.total) - (heap[0] ?? heapStart.total);
  const grown = grownResources(handlesStart, handlesEnd);
  const memoryOk = !!drop && drop.memory === `Before that you said: "${drop.expected}".`;
  const ok = (b: boolean) => (b ? '✅ met' : '❌ missed');
  return [
    `## WebSocket: ${MINUTES}-minute real-time voice conversation with a forced drop (Node)`,
    '',
    `Source: \`packages/websocket/bench/conversation-soak.bench.ts\`. One session over \`websocketTransport({ playback: clockPlayback() })\` against the emulator (in a worker thread). A simulated microphone sends 20 ms PCM16 chunks in real time for the whole run — ${SENTENCES.length} English sentences synthesized once with espeak-ng (${Math.min(...speechSeconds).toFixed(1)}–${Math.max(...speechSeconds).toFixed(1)} s), silence in between — and server VAD (threshold 0.5, 500 ms silence) makes each turn. The answer plays out by the clock (\`audio_end\`) and 400 ms later the next sentence starts. The emulator has no speech recognition: its transcriber returns the sentence the bench is speaking, so its brain can quote the conversation. Halfway through, the session's link is cut (\`EngineSession.drop()\`, no close frame) between turns; the next turn asks "${MEMORY_QUESTION}". Heap = client \`heapUsed + arrayBuffers\` after GC, sampled each minute.`,
    '',
    '| | value |',
    '|---|---|',
    `| run | ${(wall / 60).toFixed(1)} min; microphone sent ${micStats.seconds.toFixed(0)} s of audio, at most ${ms(micStats.lateMaxMs)} ms behind its schedule |`,
    `| turns answered | **${answered}** completed, ${incomplete} incomplete, ${errors} \`error\` events |`,
    `| end of speech → \`agent_end\` (ms) | p50 ${ms(pct(turnMs, 50))}, p95 ${ms(pct(turnMs, 95))}, max ${ms(Math.max(...turnMs))} |`,
    `| heap at start → each minute | ${mb(heapStart.total)} → ${heap.map((h) => mb(h)).join(' · ')} |`,
    `| heap growth minute 1 → minute ${heap.length} | **${mbDelta(growth)}** (history grew to ${historyEnd} items) |`,
    `| heap after close | ${mb(heapEnd.total)} |`,
    drop
      ? `| forced drop | at ${(drop.at / 60_000).toFixed(1)} min; **reconnected in ${ms(drop.reconnectMs)} ms** (drop → \`connection: connected, resumed\`) |`
      : '| forced drop | did not happen (run too short) |',
    !drop
      ? null
      : `| history across the drop | ${drop.before} items before → ${drop.after} after the next turn; shrank ${historyShrank} times in ${historyLengths.length} turns |`,
    !drop
      ? null
      : `| "${MEMORY_QUESTION}" after the drop | “${drop.memory}” (expected the sentence before: “${drop.expected}”) |`,
    `| client active resources start → after close | ${formatResources(handlesStart)} → ${formatResources(handlesEnd)} |`,
    `| emulator after close | ${emuEnd.sessions.length} live sessions, ${emuEnd.resources.TCPSocketWrap ?? 0} sockets |`,
    '',
    '| target | result |',
    '|---|---|',
    `| heap flat (< 5 MB growth from minute 1 to the end) | ${mbDelta(growth)} — ${ok(growth < TARGET_BYTES)} |`,
    `| conversation intact after the drop (history monotonic, server remembers) | ${ok(memoryOk && historyShrank === 0)} |`,
    `| no leaked handles or sessions | ${grown.length ? `grew: ${grown.join(', ')}` : 'none'}; emulator ${emuEnd.sessions.length} sessions — ${ok(!grown.length && !emuEnd.sessions.length)} |`,
  ]
    .filter((l) => l !== null)
    .join('\n');
}
