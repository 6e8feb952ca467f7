/**
 * Error classes of the kit. Each has a stable `code` a program can switch on and a message that
 * says what to do.
 * @module
 */

/** Base class of every error the kit throws or reports. */
export class RealtimeAgentsError extends Error {
  /** Stable machine-readable code, e.g. `invalid_option`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A bad option or configuration value, thrown at construction time.
 * @example
 * try { new RealtimeRunner({ voice: 'nova' }) } catch (e) { if (e instanceof ConfigError) console.log(e.option) }
 */
export class ConfigError extends RealtimeAgentsError {
  /** Dotted path of the offending option, e.g. `turnDetection.threshold`. */
  readonly option: string;
  constructor(option: string, message: string, code = 'invalid_option') {
    super(code, message);
    this.option = option;
  }
}

/**
 * A connection problem: cannot connect, connection dropped, or use after close (`code: 'closed'`).
 * @example
 * session.on('error', (e) => { if (e.error instanceof TransportError) reconnect() })
 */
export class TransportError extends RealtimeAgentsError {
  /**
   * `e` itself when it is a `TransportError`, else one with `code` whose message is `prefix` and the
   * cause's message.
   * @example
   * throw TransportError.from(e, 'connect_failed', 'Could not connect');
   */
  static from(e: unknown, code: string, prefix: string): TransportError {
    if (e instanceof TransportError) return e;
    return new TransportError(code, `${prefix}: ${(e as Error)?.message ?? e}`, { cause: e });
  }
}

/**
 * A server message the kit could not understand (malformed JSON, wrong field types), or an error
 * event sent by the server (`code` is then the server's code).
 */
export class ProtocolError extends RealtimeAgentsError {
  /** The raw message, when there was one. */
  readonly raw?: unknown;
  constructor(code: string, message: string, raw?: unknown) {
    super(code, message);
    this.raw = raw;
  }
}

/**
 * A tool call that failed: unknown tool, invalid arguments, thrown error, timeout or rejection.
 * The model is told the same thing through the `function_call_output`.
 */
export class ToolError extends RealtimeAgentsError {
  readonly toolName: string;
  readonly callId: string;
  constructor(
    code: string,
    toolName: string,
    callId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.toolName = toolName;
    this.callId = callId;
  }
}
