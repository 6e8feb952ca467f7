/** Build the emulator from source (once per name) and return the file URL of its entry module. */
export declare function buildEmulator(name?: string): Promise<string>;
/** Build and import the emulator module. */
export declare function importEmulator(name?: string): Promise<typeof import('@realtime-agents/emulator')>;

/** Emulator stats from its thread: live session ids, active resources by type, heap bytes. */
export interface EmulatorWorkerStats {
  sessions: string[];
  resources: Record<string, number>;
  heap: number;
}

/** The emulator running in a worker thread. */
export interface EmulatorWorker {
  baseUrl: string;
  wsUrl: string;
  /** Live sessions, active resources and heap of the emulator's thread (`gc`: collect first). */
  stats(gc?: boolean): Promise<EmulatorWorkerStats>;
  /** Cut a session's link abruptly (`EngineSession.drop()`); false when no such session. */
  drop(sessionId: string): Promise<boolean>;
  /** What the bench is speaking now: the "transcript" of the next committed user audio. */
  say(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Start the emulator in a worker thread (its heap and handles apart from the client's). */
export declare function startEmulatorWorker(init?: {
  name?: string;
  options?: Record<string, unknown>;
  transcribeSaid?: boolean;
}): Promise<EmulatorWorker>;
