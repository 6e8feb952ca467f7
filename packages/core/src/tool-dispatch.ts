/**
 * Function calls from the model: each `call_id` runs once (a tool or a handoff), with approvals,
 * and its output goes back as a `function_call_output`. While calls run, the response sequencer
 * holds further `response.create`s; one is asked for when they finish.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { RunContext } from './context.js';
import { ProtocolError, ToolError } from './errors.js';
import type { SessionEvent } from './events.js';
import type { Handoff } from './handoff.js';
import type { ClientEvent } from './protocol/client-events.js';
import type { FunctionCallItem } from './protocol/items.js';
import type { SessionConfig } from './protocol/session-config.js';
import type { ResponseSequencer } from './response-sequencer.js';
import { parseToolArguments, runTool } from './run-tool.js';
import type { FunctionTool } from './tool.js';

type Decision = { approved: true } | { approved: false; message?: string };

/** How `approveTool` / `rejectTool` answer: `always` applies the answer to every later call of that tool. */
export interface ApprovalOptions {
  /** Answer every later call of the same tool this way, for the rest of the session (no prompt). */
  always?: boolean;
}

/**
 * How `rejectTool` answers: the message the model reads, or `{ message, always }`.
 * @example session.rejectTool(e.callId, { message: 'Not today', always: true });
 */
export type RejectOptions = string | (ApprovalOptions & { message?: string });

/** What dispatch needs from the session. */
export interface ToolDispatchDeps<TContext> {
  agent(): RealtimeAgent<TContext>;
  /** A handoff switched agents. */
  setAgent(agent: RealtimeAgent<TContext>): void;
  ctx(): RunContext<TContext>;
  /** The session config for the current agent (sent after a handoff). */
  sessionConfig(): Promise<SessionConfig>;
  send(event: ClientEvent): void;
  nextEventId(): string;
  emit(event: SessionEvent): void;
  error(error: Error): void;
  sequencer: ResponseSequencer;
  /** The runner's `toolErrorFormatter`, for tools without an `errorFunction`. */
  toolErrorFormatter?: (error: ToolError) => string | undefined;
}

/**
 * Runs the model's function calls for one session.
 * @example
 * const tools = new ToolDispatch(deps);
 * tools.call(functionCallItem); // runs the tool (or handoff), sends its output, asks for a response
 * tools.approve('call_1');      // answers a `tool_approval_requested`
 */
export class ToolDispatch<TContext> {
  readonly #deps: ToolDispatchDeps<TContext>;
  /** Arguments of every call_id already dispatched: a call runs at most once. */
  readonly #dispatched = new Map<string, string>();
  readonly #awaitingApproval = new Map<string, { key: string; decide: (d: Decision) => void }>();
  /** Decisions given with `{ always: true }`, by tool key, for the rest of the session. */
  readonly #standing = new Map<string, Decision>();
  /** Bumped when the session closes: work still running then sends nothing. */
  #generation = 0;
  /** Names of the tools and handoffs last offered to the model (`isEnabled`); null = all. */
  enabled: ReadonlySet<string> | null = null;

  constructor(deps: ToolDispatchDeps<TContext>) {
    this.#deps = deps;
  }

  /** Run a `function_call` item from `response.output_item.done`. */
  call(item: FunctionCallItem): void {
    const d = this.#deps;
    const seen = this.#dispatched.get(item.call_id);
    if (seen !== undefined) {
      if (seen !== item.arguments) {
        d.error(
          new ProtocolError(
            'duplicate_call_id',
            `The server reused call_id '${item.call_id}' with different arguments; the call was not run again`,
            item,
          ),
        );
      }
      return;
    }
    this.#dispatched.set(item.call_id, item.arguments);
    const agent = d.agent();
    const offered = (name: string) => !this.enabled || this.enabled.has(name);
    const handoff = agent.handoffs.find((h) => h.toolName === item.name && offered(h.toolName));
    d.sequencer.hold();
    const gen = this.#generation;
    const work = handoff ? this.#handoff(item, handoff, agent) : this.#function(item, agent);
    void work
      .catch((e) =>
        d.error(
          new ToolError(
            'tool_failed',
            item.name,
            item.call_id,
            `Running '${item.name}' failed: ${(e as Error)?.message ?? e}`,
            { cause: e },
          ),
        ),
      )
      .then((answered) => {
        if (gen !== this.#generation) return;
        if (answered !== false) d.sequencer.request();
        d.sequencer.release();
      });
  }

  /** Announce a call that is not a function tool (a hosted MCP call) and wait for its decision. */
  awaitApproval(
    callId: string,
    toolName: string,
    args: unknown,
    key = toolName,
    serverLabel?: string,
  ): Promise<Decision> {
    const d = this.#deps;
    return new Promise((resolve) => {
      const standing = this.#standing.get(key);
      if (standing) return resolve(standing);
      if (this.#awaitingApproval.has(callId)) return resolve({ approved: false, message: 'asked twice' });
      this.#awaitingApproval.set(callId, { key, decide: resolve });
      const mcp = serverLabel === undefined ? {} : { serverLabel };
      d.emit({
        type: 'tool_approval_requested',
        agent: d.agent(),
        toolName,
        callId,
        arguments: args,
        ...mcp,
      });
    });
  }

  /** Approve a call announced by `tool_approval_requested` (and, with `always`, every later call of its tool). */
  approve(callId: string, options: ApprovalOptions = {}): void {
    this.#decide(callId, { approved: true }, options);
  }

  /** Reject a call announced by `tool_approval_requested`; the model reads `message`. */
  reject(callId: string, options: RejectOptions = {}): void {
    const o = typeof options === 'string' ? { message: options } : options;
    this.#decide(callId, { approved: false, message: o.message }, o);
  }

  /** The session closed: pending approvals are rejected and running work sends nothing more. */
  close(): void {
    this.#generation++;
    for (const [, w] of this.#awaitingApproval) w.decide({ approved: false, message: 'session closed' });
    this.#awaitingApproval.clear();
  }

  #decide(callId: string, decision: Decision, options: ApprovalOptions): void {
    const waiting = this.#awaitingApproval.get(callId);
    if (!waiting)
      throw new ToolError('unknown_call', '', callId, `No tool call '${callId}' is waiting for approval`);
    this.#awaitingApproval.delete(callId);
    if (options.always) this.#standing.set(waiting.key, decision);
    waiting.decide(decision);
  }

  /** The model's text for a failed call: the tool's `errorFunction`, the runner's formatter, or the kit's. */
  #shaped(t: FunctionTool<TContext>, error: ToolError, text: string): string {
    if (error.code === 'rejected') return text; // the user's answer, not a failure to reword
    const d = this.#deps;
    try {
      const ctx = { ...d.ctx(), callId: error.callId };
      const custom = t.errorFunction ? t.errorFunction(error, ctx as never) : d.toolErrorFormatter?.(error);
      if (custom === undefined) return text;
      if (typeof custom !== 'string') throw new TypeError(`it returned ${typeof custom}, not a string`);
      return custom;
    } catch (e) {
      const which = t.errorFunction ? `errorFunction of '${t.name}'` : 'toolErrorFormatter';
      d.error(
        new ToolError(
          'error_function_failed',
          t.name,
          error.callId,
          `${which} failed, so the model got the default text: ${(e as Error)?.message ?? e}`,
          { cause: e },
        ),
      );
      return text;
    }
  }

  #output(callId: string, output: string): void {
    this.#deps.send({
      type: 'conversation.item.create',
      event_id: this.#deps.nextEventId(),
      item: { type: 'function_call_output', call_id: callId, output },
    });
  }

  /** Run a function call; false when nothing was sent for it (the model should not be asked again). */
  async #function(item: FunctionCallItem, agent: RealtimeAgent<TContext>): Promise<boolean> {
    const d = this.#deps;
    const offered = (name: string) => !this.enabled || this.enabled.has(name);
    const t = agent.tools.find((x) => x.name === item.name && offered(x.name)) as
      | FunctionTool<TContext>
      | undefined;
    const gen = this.#generation;
    if (!t) {
      const names = [...agent.tools.map((x) => x.name), ...agent.handoffs.map((h) => h.toolName)].filter(
        offered,
      );
      const list = names.join(', ') || 'none';
      const error = new ToolError(
        'unknown_tool',
        item.name,
        item.call_id,
        agent.tools.some((x) => x.name === item.name)
          ? `The model called '${item.name}', which isEnabled turned off for agent '${agent.name}' (tools offered: ${list})`
          : `The model called '${item.name}', which agent '${agent.name}' does not have (tools: ${list})`,
      );
      this.#output(item.call_id, `Error: there is no tool named '${item.name}'. Available tools: ${list}.`);
      d.error(error);
      d.emit({
        type: 'tool_end',
        agent,
        toolName: item.name,
        callId: item.call_id,
        output: error.message,
        ok: false,
      });
      return true;
    }
    const result = await runTool(t, item.call_id, item.arguments, d.ctx(), {
      approve: (args) =>
        gen !== this.#generation
          ? Promise.resolve({ approved: false, message: 'session closed' })
          : this.awaitApproval(item.call_id, t.name, args),
      started: (args) =>
        d.emit({ type: 'tool_start', agent, toolName: t.name, callId: item.call_id, arguments: args }),
    });
    if (gen !== this.#generation) return false;
    // `timeoutBehavior: 'raise'`: the app hears of it; the model gets no output and no new response
    const raise = result.error?.code === 'timeout' && t.timeoutBehavior === 'raise';
    if (!raise)
      this.#output(item.call_id, result.error ? this.#shaped(t, result.error, result.output) : result.output);
    if (result.error) d.error(result.error);
    d.emit({
      type: 'tool_end',
      agent,
      toolName: t.name,
      callId: item.call_id,
      output: result.error ? result.output : result.value,
      ok: !result.error,
    });
    return !raise;
  }

  async #handoff(item: FunctionCallItem, handoff: Handoff<TContext>, from: RealtimeAgent<TContext>) {
    const d = this.#deps;
    const gen = this.#generation;
    let input: unknown;
    if (handoff.inputType) {
      const parsed = await parseToolArguments(
        { name: item.name, parameters: handoff.inputType },
        item.call_id,
        item.arguments,
      );
      if ('output' in parsed) {
        // invalid input: no switch; the model reads why and may hand off again
        if (gen !== this.#generation) return;
        this.#output(item.call_id, parsed.output);
        if (parsed.error) d.error(parsed.error);
        return;
      }
      input = parsed.args;
    }
    if (handoff.onHandoff) {
      try {
        await handoff.onHandoff(d.ctx(), input as never);
      } catch (e) {
        d.error(
          new ToolError(
            'handoff_hook_failed',
            item.name,
            item.call_id,
            `onHandoff for '${handoff.agent.name}' threw: ${(e as Error)?.message ?? e}`,
            { cause: e },
          ),
        );
      }
    }
    if (gen !== this.#generation) return;
    d.setAgent(handoff.agent);
    d.send({ type: 'session.update', event_id: d.nextEventId(), session: await d.sessionConfig() });
    this.#output(item.call_id, JSON.stringify({ assistant: handoff.agent.name }));
    d.emit({ type: 'handoff', from, to: handoff.agent });
  }
}
