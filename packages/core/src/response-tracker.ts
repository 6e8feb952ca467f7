/**
 * The model's responses as the user sees them: `agent_start` at `response.created`, the output
 * text checked by the agent's guardrails as it streams, `agent_end` with the whole output and the
 * token usage at `response.done` — or `incomplete` when the connection cut the response off.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { RunContext } from './context.js';
import type { SessionEvent } from './events.js';
import type { OutputGuardrail } from './guardrail.js';
import { GuardrailCheck, type Trip } from './guardrail-check.js';
import type { FunctionCallItem } from './protocol/items.js';
import type { ResponseDoneEvent, ServerEvent, Usage } from './protocol/server-events.js';
import type { ResponseSequencer } from './response-sequencer.js';
import type { TurnMetrics } from './turn-metrics.js';

/** Total token usage over the session. */
export interface SessionUsage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** What the tracker needs from the session. */
export interface ResponseTrackerDeps<TContext> {
  agent(): RealtimeAgent<TContext>;
  ctx(): RunContext<TContext>;
  debounceTextLength(): number;
  /** The runner's `guardrails.outputGuardrails`, checked before the agent's own. */
  sessionGuardrails(): readonly OutputGuardrail<TContext>[];
  trip(responseId: string, agent: RealtimeAgent<TContext>, trip: Trip): void;
  emit(event: SessionEvent): void;
  error(error: Error): void;
  sequencer: Pick<ResponseSequencer, 'created' | 'done'>;
  metrics: Pick<TurnMetrics, 'responseCreated' | 'audioItem'>;
  /** The model called a function (a tool or a handoff). */
  functionCall(item: FunctionCallItem): void;
  now(): number;
}

interface Current<TContext> {
  id: string;
  agent: RealtimeAgent<TContext>;
  guard: GuardrailCheck<TContext>;
  lastAudioItem: string | null;
}

/**
 * The response in progress and the usage so far.
 * @example
 * const responses = new ResponseTracker(deps);
 * responses.route(responseCreated); responses.text('resp_1', 'Hello'); responses.route(responseDone);
 */
export class ResponseTracker<TContext> {
  readonly #deps: ResponseTrackerDeps<TContext>;
  #current: Current<TContext> | null = null;
  /** Ids of ended responses (the newest 64): a repeated `response.done` is ignored. */
  readonly #ended = new Set<string>();
  #usage: SessionUsage = { requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  /** True once the model produced audio (the voice can no longer change). */
  audioProduced = false;

  constructor(deps: ResponseTrackerDeps<TContext>) {
    this.#deps = deps;
  }

  get usage(): Readonly<SessionUsage> {
    return this.#usage;
  }

  /** The id of the response in progress, if any. */
  get currentId(): string | null {
    return this.#current?.id ?? null;
  }

  /** The last audio item of the response in progress, if any. */
  get currentAudioItem(): string | null {
    return this.#current?.lastAudioItem ?? null;
  }

  /** Handle `e` if it is about a response; false when it is not. */
  route(e: ServerEvent): boolean {
    const d = this.#deps;
    switch (e.type) {
      case 'response.created':
        if (this.#current?.id === e.response.id) return true; // a repeat of the one in progress
        d.sequencer.created(e.response.id);
        d.metrics.responseCreated(e.response.id, d.now());
        this.#created(e.response.id);
        return true;
      case 'response.content_part.added':
        if (e.part.type !== 'audio') return true;
        this.audio(e.response_id, null);
        // WebRTC reports playback before any tap frame is delivered: the item is known from here
        d.metrics.audioItem(e.item_id, e.response_id);
        return true;
      case 'response.output_item.done':
        if (e.item.type === 'function_call') d.functionCall(e.item as FunctionCallItem);
        return true;
      case 'response.done': {
        if (this.#ended.has(e.response.id)) return true;
        const guard = this.#done(e);
        d.sequencer.done(e.response.id);
        void guard?.final();
        return true;
      }
      default:
        return false;
    }
  }

  #created(id: string): void {
    const d = this.#deps;
    const agent = d.agent();
    const guard: GuardrailCheck<TContext> = new GuardrailCheck<TContext>({
      agent,
      sessionGuardrails: d.sessionGuardrails(),
      debounce: d.debounceTextLength(),
      ctx: () => d.ctx(),
      onTrip: (trip) => d.trip(id, agent, trip),
      onError: (err) => d.error(err),
    });
    this.#current = { id, agent, guard, lastAudioItem: null };
    d.emit({ type: 'agent_start', agent, responseId: id });
  }

  /** Output text or transcript streamed for `responseId`. */
  text(responseId: string, delta: string): void {
    if (this.#current?.id === responseId) this.#current.guard.add(delta);
  }

  /** Audio of `itemId` arrived for `responseId` (or an audio part was announced: `itemId` null). */
  audio(responseId: string, itemId: string | null): void {
    this.audioProduced = true;
    if (itemId && this.#current?.id === responseId) this.#current.lastAudioItem = itemId;
  }

  /** `response.done`: emits `agent_end`; returns the guardrail check that still has to see the final text. */
  #done(e: ResponseDoneEvent): GuardrailCheck<TContext> | null {
    const r = e.response;
    const usage = r.usage as Usage | null;
    if (usage) {
      const u = this.#usage;
      this.#usage = {
        requests: u.requests + 1,
        inputTokens: u.inputTokens + (usage.input_tokens ?? 0),
        outputTokens: u.outputTokens + (usage.output_tokens ?? 0),
        totalTokens: u.totalTokens + (usage.total_tokens ?? 0),
      };
    }
    this.#end(r.id);
    const state = this.#current?.id === r.id ? this.#current : null;
    // the server's final text wins over the streamed deltas (a delta may have come late or twice)
    const output = outputText(r.output) || state?.guard.text || '';
    if (state) {
      state.guard.setFinal(output);
      this.#current = null;
    }
    this.#deps.emit({
      type: 'agent_end',
      agent: state?.agent ?? this.#deps.agent(),
      responseId: r.id,
      output,
      status: r.status,
      usage,
    });
    return state?.guard ?? null;
  }

  #end(id: string): void {
    this.#ended.add(id);
    if (this.#ended.size > 64) this.#ended.delete(this.#ended.values().next().value as string);
  }

  /** The connection cut the response off: `agent_end` with `incomplete` and what was streamed. */
  cut(): void {
    const state = this.#current;
    if (!state) return;
    this.#current = null;
    this.#end(state.id);
    this.#deps.emit({
      type: 'agent_end',
      agent: state.agent,
      responseId: state.id,
      output: state.guard.text,
      status: 'incomplete',
      usage: null,
    });
  }
}

function outputText(output: ResponseDoneEvent['response']['output']): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const c of (item as { content?: Array<{ text?: string; transcript?: string | null }> }).content ??
      [])
      text += c.text ?? c.transcript ?? '';
  }
  return text;
}
