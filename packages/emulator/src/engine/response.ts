/**
 * One model response, streamed as the GA event sequence (protocol §6.8, §7): created → rate limits →
 * per output item: item added, content part, deltas, done cascade → response.done with usage. It can
 * be cancelled at any await point; cancellation emits the `.done` cascade for whatever is open.
 * @module
 */
import type { Voice } from '@realtime-agents/core';
import type { AudioFormat, Item, Response, ResponseStatus, ToolChoice } from '@realtime-agents/core/protocol';
import { encodeFromPcm24k } from '../audio/formats.js';
import type { Brain, BrainOutput, ProtocolTool } from '../brain/brain.js';
import { newId } from '../ids.js';
import type { SpeechSynthesizer } from '../speech/synthesizer.js';
import type { MediaSink } from './contracts.js';
import type { Conversation } from './conversation.js';
import { approvedCalls, type McpResponseOps, runMcpOutput } from './mcp-call.js';
import type { McpServers } from './mcp-list-tools.js';
import { type TokenCounts, textTokens, usageOf } from './usage.js';

/** Everything a response needs, resolved from the session and the `response.create` params. */
export interface ResponsePlan {
  modalities: ['audio'] | ['text'];
  instructions: string;
  tools: ProtocolTool[];
  /** Labels of the hosted MCP servers among this response's tools. */
  mcpLabels: string[];
  toolChoice: ToolChoice;
  maxOutputTokens: number | 'inf';
  /** Null for out-of-band (`conversation: "none"`). */
  conversationId: string | null;
  metadata: Record<string, string> | null;
  voice: Voice;
  speed: number;
  format: AudioFormat;
  /** Context items (the conversation, or the `input` override). */
  context: Item[];
}

/** What the response uses from its session. */
export interface ResponseHost {
  emit(event: Record<string, unknown>): void;
  conversation: Conversation;
  brain: Brain;
  synth: SpeechSynthesizer;
  media: MediaSink | null;
  /** The session's hosted MCP servers, when it has any support for them. */
  mcp?: McpServers;
  /** Pause between streamed chunks, ms. */
  streamIntervalMs: number;
  /** The context as the brain should see it (e.g. audio parts with their transcripts). */
  brainContext(items: Item[]): Promise<Item[]>;
  /** Assistant audio was produced (locks the voice). */
  audioProduced(): void;
  finished(run: ResponseRun): void;
}

interface OpenItem {
  item: Record<string, unknown>;
  outputIndex: number;
  kind: 'audio' | 'text' | 'function_call' | 'mcp';
  text: string;
  audio: Int16Array[];
  partOpen: boolean;
}

const AUDIO_CHUNK = 4800; // 200 ms at 24 kHz

/** A running response. */
export class ResponseRun {
  readonly id = newId.response();
  status: ResponseStatus = 'in_progress';
  readonly output: Item[] = [];
  readonly counts: TokenCounts = { inputText: 0, inputAudio: 0, outputText: 0, outputAudio: 0 };
  #open: OpenItem | null = null;
  #statusDetails: Response['status_details'] = null;
  #wake: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    readonly plan: ResponsePlan,
    private readonly host: ResponseHost,
  ) {}

  get done(): boolean {
    return this.status !== 'in_progress';
  }

  /** The Response object as sent in `response.created` / `response.done`. */
  toJSON(): Response {
    const p = this.plan;
    return {
      object: 'realtime.response',
      id: this.id,
      status: this.status,
      status_details: this.#statusDetails,
      output: this.done ? structuredClone(this.output) : [],
      conversation_id: p.conversationId,
      output_modalities: p.modalities,
      max_output_tokens: p.maxOutputTokens,
      audio: { output: { format: p.format, voice: p.voice } },
      usage: this.done ? usageOf(this.counts) : null,
      metadata: p.metadata,
    };
  }

  /** Emit `response.created` and stream the response. */
  start(): void {
    for (const item of this.plan.context) this.#countInput(item);
    this.counts.inputText += textTokens(this.plan.instructions);
    this.host.emit({ type: 'response.created', response: this.toJSON() });
    const reserved = this.plan.maxOutputTokens === 'inf' ? 4096 : this.plan.maxOutputTokens;
    this.host.emit({
      type: 'rate_limits.updated',
      rate_limits: [
        {
          name: 'tokens',
          limit: 40000,
          remaining: Math.max(0, 40000 - reserved - this.counts.inputText),
          reset_seconds: 1.2,
        },
      ],
    });
    void this.#run().catch((error: unknown) => {
      if (!this.done) this.#fail('server_error', `Emulator failure: ${(error as Error).message}`);
    });
  }

  /** Cancel now: close what is open, then `response.done` with status cancelled. No-op when done. */
  cancel(reason: 'client_cancelled' | 'turn_detected'): boolean {
    if (this.done) return false;
    this.#closeOpen('incomplete');
    this.#finish('cancelled', { type: 'cancelled', reason });
    return true;
  }

  async #run(): Promise<void> {
    const p = this.plan;
    const context = await this.host.brainContext(p.context);
    if (this.done) return;
    const mcp = this.host.mcp;
    const mcpTools = mcp && p.toolChoice !== 'none' ? await mcp.available(p.mcpLabels) : [];
    if (this.done) return;
    // Calls the client approved run first, without asking the model again.
    const approved = mcp ? approvedCalls(p.context) : [];
    const reply = approved.length
      ? { outputs: approved }
      : await this.host.brain.respond({
          conversation: context,
          instructions: p.instructions,
          tools: p.toolChoice === 'none' ? [] : p.tools,
          ...(mcpTools.length ? { mcpTools } : {}),
          toolChoice: p.toolChoice,
          metadata: p.metadata,
        });
    if (this.done) return;
    if (reply.delayMs) await this.#sleep(reply.delayMs);
    if (this.done) return;
    if (reply.error) {
      this.host.emit({
        type: 'error',
        error: {
          type: reply.error.type ?? 'server_error',
          code: reply.error.code,
          message: reply.error.message,
          param: null,
          event_id: null,
        },
      });
      this.#fail(reply.error.code, reply.error.message, reply.error.type);
      return;
    }
    let budget = p.maxOutputTokens === 'inf' ? Number.POSITIVE_INFINITY : p.maxOutputTokens;
    for (const out of reply.outputs) {
      if (this.done) return;
      const tokens = out.type === 'message' ? textTokens(out.text) : textTokens(out.arguments);
      if (tokens > budget && out.type === 'message') {
        await this.#message({ ...out, text: out.text.slice(0, budget * 4), audio: undefined });
        if (this.done) return;
        this.#finish('incomplete', { type: 'incomplete', reason: 'max_output_tokens' });
        return;
      }
      budget -= tokens;
      if (out.type === 'message') await this.#message(out);
      else if (out.type === 'function_call') await this.#functionCall(out);
      else await runMcpOutput(this.#mcpOps, out, mcp);
    }
    if (!this.done) this.#finish('completed', null);
  }

  #addItem(kind: OpenItem['kind'], item: Record<string, unknown>): OpenItem {
    const outputIndex = this.output.length;
    this.output.push(item as unknown as Item);
    this.host.emit({
      type: 'response.output_item.added',
      response_id: this.id,
      output_index: outputIndex,
      item: structuredClone(item),
    });
    if (this.plan.conversationId) {
      const prev = this.host.conversation.insert({ item: item as unknown as Item });
      this.host.emit({
        type: 'conversation.item.added',
        previous_item_id: prev,
        item: structuredClone(item),
      });
    }
    this.#open = { item, outputIndex, kind, text: '', audio: [], partOpen: false };
    return this.#open;
  }

  /** What an MCP call (engine/mcp-call.ts) uses of this response. */
  readonly #mcpOps: McpResponseOps = ((run: ResponseRun) => ({
    get responseId() {
      return run.id;
    },
    get done() {
      return run.done;
    },
    get streamIntervalMs() {
      return run.host.streamIntervalMs;
    },
    emit: (event: Record<string, unknown>) => run.host.emit(event),
    addItem: (item: Record<string, unknown>) => run.#addItem('mcp', item),
    argumentsSoFar: (text: string) => {
      if (run.#open) run.#open.text = text;
    },
    closeItem: () => run.#closeOpen('completed'),
    sleep: (ms: number) => run.#sleep(ms),
  }))(this);

  #ref(open: OpenItem) {
    return {
      response_id: this.id,
      item_id: open.item.id as string,
      output_index: open.outputIndex,
      content_index: 0,
    };
  }

  async #message(out: Extract<BrainOutput, { type: 'message' }>): Promise<void> {
    const audio = this.plan.modalities[0] === 'audio';
    const open = this.#addItem(audio ? 'audio' : 'text', {
      id: newId.item(),
      type: 'message',
      status: 'in_progress',
      role: 'assistant',
      content: [],
    });
    this.host.emit({
      type: 'response.content_part.added',
      ...this.#ref(open),
      part: audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' },
    });
    open.partOpen = true;
    const words = out.text.match(/\S+\s*/g) ?? [];
    let pcm: Int16Array = new Int16Array(0);
    let wire: Buffer | undefined;
    if (audio) {
      pcm = out.audio ?? (await this.host.synth.synthesize(out.text, this.plan.voice, this.plan.speed));
      if (this.done) return;
      // G.711 is resampled to 8 kHz once for the whole utterance (no clicks at chunk edges).
      if (!this.host.media && this.plan.format.type !== 'audio/pcm')
        wire = encodeFromPcm24k(pcm, this.plan.format);
    }
    const chunks = Math.max(words.length, Math.ceil(pcm.length / AUDIO_CHUNK), 1);
    let sent = 0;
    for (let i = 0; i < chunks; i++) {
      const delta = words
        .slice(Math.floor((i * words.length) / chunks), Math.floor(((i + 1) * words.length) / chunks))
        .join('');
      if (delta) {
        open.text += delta;
        this.host.emit({
          type: audio ? 'response.output_audio_transcript.delta' : 'response.output_text.delta',
          ...this.#ref(open),
          delta,
          // The real server pads transcript deltas with random `obfuscation`; clients must ignore it.
          ...(audio ? { obfuscation: newId.obfuscation(delta.length) } : {}),
        });
      }
      if (audio) {
        const end = Math.round(((i + 1) * pcm.length) / chunks);
        if (end > sent)
          this.#audioChunk(
            open,
            pcm.subarray(sent, end),
            wire?.subarray(Math.round(sent / 3), Math.round(end / 3)),
          );
        sent = end;
      }
      await this.#sleep(this.host.streamIntervalMs);
      if (this.done) return;
    }
    open.text = out.text;
    this.#closeOpen('completed');
  }

  /** One chunk of speech: to the media sink, or as a delta (`wire` = pre-encoded G.711 bytes of it). */
  #audioChunk(open: OpenItem, chunk: Int16Array, wire?: Buffer): void {
    open.audio.push(chunk);
    this.host.audioProduced();
    const ref = this.#ref(open);
    if (this.host.media) this.host.media.enqueue(this.id, ref.item_id, chunk);
    else
      this.host.emit({
        type: 'response.output_audio.delta',
        ...ref,
        delta: (wire ?? encodeFromPcm24k(chunk, this.plan.format)).toString('base64'),
      });
  }

  async #functionCall(out: Extract<BrainOutput, { type: 'function_call' }>): Promise<void> {
    const callId = newId.call();
    const open = this.#addItem('function_call', {
      id: newId.item(),
      type: 'function_call',
      status: 'in_progress',
      name: out.name,
      call_id: callId,
      arguments: '',
    });
    const args = out.arguments;
    const pieces =
      args.length > 12
        ? [args.slice(0, Math.ceil(args.length / 2)), args.slice(Math.ceil(args.length / 2))]
        : [args];
    for (const delta of pieces) {
      open.text += delta;
      this.host.emit({
        type: 'response.function_call_arguments.delta',
        response_id: this.id,
        item_id: open.item.id,
        output_index: open.outputIndex,
        call_id: callId,
        delta,
      });
      await this.#sleep(this.host.streamIntervalMs);
      if (this.done) return;
    }
    this.#closeOpen('completed');
  }

  /** Emit the done cascade of the open item (with what was produced so far). */
  #closeOpen(status: 'completed' | 'incomplete'): void {
    const open = this.#open;
    if (!open) return;
    this.#open = null;
    const item = open.item;
    const ref = this.#ref(open);
    if (open.kind === 'mcp') {
      // An MCP call cut short still reports the arguments it had streamed.
      if (item.type === 'mcp_call' && status === 'incomplete' && item.arguments === '') {
        item.arguments = open.text;
        this.host.emit({
          type: 'response.mcp_call_arguments.done',
          response_id: this.id,
          item_id: item.id,
          output_index: open.outputIndex,
          arguments: open.text,
        });
      }
      this.counts.outputText += textTokens(String(item.arguments ?? ''));
    } else if (open.kind === 'function_call') {
      item.arguments = open.text;
      this.host.emit({
        type: 'response.function_call_arguments.done',
        response_id: this.id,
        item_id: item.id,
        output_index: open.outputIndex,
        call_id: item.call_id,
        name: item.name,
        arguments: open.text,
      });
      this.counts.outputText += textTokens(open.text);
    } else if (open.kind === 'audio') {
      this.host.emit({ type: 'response.output_audio.done', ...ref });
      this.host.emit({ type: 'response.output_audio_transcript.done', ...ref, transcript: open.text });
      this.host.emit({
        type: 'response.content_part.done',
        ...ref,
        part: { type: 'audio', transcript: open.text },
      });
      item.content = [{ type: 'output_audio', transcript: open.text }];
      const samples = open.audio.reduce((n, c) => n + c.length, 0);
      this.counts.outputText += textTokens(open.text);
      this.counts.outputAudio += Math.ceil(samples / 24 / 50);
      if (this.host.media) this.host.media.finish(this.id);
    } else {
      this.host.emit({ type: 'response.output_text.done', ...ref, text: open.text });
      this.host.emit({ type: 'response.content_part.done', ...ref, part: { type: 'text', text: open.text } });
      item.content = [{ type: 'output_text', text: open.text }];
      this.counts.outputText += textTokens(open.text);
    }
    if (open.kind !== 'mcp') item.status = status; // MCP items carry no status (§6.6)
    this.host.emit({
      type: 'response.output_item.done',
      response_id: this.id,
      output_index: open.outputIndex,
      item: structuredClone(item),
    });
    if (this.plan.conversationId) {
      const stored = this.host.conversation.get(item.id as string);
      if (stored && open.kind === 'audio') stored.audio = concat(open.audio);
      this.host.emit({
        type: 'conversation.item.done',
        previous_item_id: this.host.conversation.previousOf(item.id as string),
        item: structuredClone(item),
      });
    }
  }

  #fail(code: string, message: string, type = 'server_error'): void {
    this.#closeOpen('incomplete');
    this.#finish('failed', {
      type: 'failed',
      error: { type, code },
      reason: message,
    } as Response['status_details']);
  }

  #finish(status: ResponseStatus, details: Response['status_details']): void {
    this.status = status;
    this.#statusDetails = details;
    this.#wake?.();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.host.media && status !== 'completed') this.host.media.finish(this.id);
    this.host.emit({ type: 'response.done', response: this.toJSON() });
    this.host.finished(this);
  }

  #countInput(item: Item): void {
    const parts = (item as { content?: Array<Record<string, unknown>> }).content ?? [];
    for (const part of parts) {
      if (typeof part.text === 'string') this.counts.inputText += textTokens(part.text);
      if (typeof part.transcript === 'string') this.counts.inputText += textTokens(part.transcript);
      if (part.type === 'input_audio') {
        const stored = this.host.conversation.get(item.id);
        this.counts.inputAudio += Math.ceil((stored?.audio?.length ?? 2400) / 2400);
      }
    }
    if (item.type === 'function_call')
      this.counts.inputText += textTokens(String((item as { arguments?: string }).arguments ?? ''));
    if (item.type === 'function_call_output' || item.type === 'mcp_call')
      this.counts.inputText += textTokens(String((item as { output?: string }).output ?? ''));
    if (item.type === 'mcp_call')
      this.counts.inputText += textTokens(String((item as { arguments?: string }).arguments ?? ''));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }
}

function concat(chunks: Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
