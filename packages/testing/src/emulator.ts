/**
 * A real emulator for tests (Node only): started on 127.0.0.1 on a free port, closed after.
 * @module
 */
import { type Emulator, type EmulatorOptions, startEmulator } from '@realtime-agents/emulator';

/** Emulator options a test may set (the address is always 127.0.0.1, port 0). */
export type TestEmulatorOptions = Omit<EmulatorOptions, 'host' | 'port'>;

const KNOWN = new Set([
  'apiKey',
  'script',
  'brain',
  'faults',
  'webhookUrl',
  'webhookSecret',
  'transcriber',
  'tls',
  'synthesizer',
  'sessionMaxMs',
  'streamIntervalMs',
  'onLog',
]);

/**
 * Start an emulator on 127.0.0.1 with a free port; unknown options are refused by name.
 * @example
 * const emu = await startTestEmulator({ script: [{ respond: { text: 'Hello!' } }] });
 * try { … emu.wsUrl … } finally { await emu.close(); }
 */
export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<Emulator> {
  checkOptions('startTestEmulator', options);
  return startEmulator({ ...options, host: '127.0.0.1', port: 0 });
}

/** Refuse options the emulator does not know, by name, listing the allowed ones. */
function checkOptions(caller: string, options: TestEmulatorOptions): void {
  const unknown = Object.keys(options).filter((k) => !KNOWN.has(k));
  if (unknown.length)
    throw new TypeError(
      `${caller}: unknown option ${unknown.map((k) => `"${k}"`).join(', ')}; allowed: ${[...KNOWN].join(', ')}` +
        ((options as { port?: unknown }).port !== undefined ||
        (options as { host?: unknown }).host !== undefined
          ? ' (the test emulator always binds 127.0.0.1 on a free port)'
          : ''),
    );
}

/** A handle to an emulator a suite starts in `beforeAll` and closes in `afterAll`. */
export interface EmulatorHandle {
  /** The running emulator; throws a clear error before `beforeAll` ran or after `afterAll`. */
  readonly current: Emulator;
  /** `http://127.0.0.1:PORT/v1`. */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:PORT/v1/realtime`. */
  readonly wsUrl: string;
}

/** The hooks {@link useEmulator} registers with (Vitest's, or any runner's). */
export interface SuiteHooks {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
}

/**
 * Start an emulator once for the enclosing suite and close it after; read it inside tests.
 * @example
 * import { afterAll, beforeAll } from 'vitest';
 * const emu = useEmulator({ beforeAll, afterAll }, { script: [{ respond: { text: 'Hi' } }] });
 * it('talks', async () => { await fetch(`${emu.baseUrl}/models`); });
 */
export function useEmulator(hooks: SuiteHooks, options: TestEmulatorOptions = {}): EmulatorHandle {
  // checked here, so the error points at the call rather than at a failed beforeAll
  checkOptions('useEmulator', options);
  let running: Emulator | null = null;
  let closed = false;
  hooks.beforeAll(async () => {
    running = await startTestEmulator(options);
  });
  hooks.afterAll(async () => {
    closed = true;
    await running?.close();
    running = null;
  });
  const current = (): Emulator => {
    if (running) return running;
    throw new Error(
      closed
        ? 'The emulator was already stopped (afterAll ran): use it only inside tests of the suite that called useEmulator().'
        : 'The emulator is not started yet: useEmulator() starts it in beforeAll, so read emu.baseUrl / emu.wsUrl inside a test or hook, not at the top of the file.',
    );
  };
  return {
    get current() {
      return current();
    },
    get baseUrl() {
      return current().baseUrl;
    },
    get wsUrl() {
      return current().wsUrl;
    },
  };
}
