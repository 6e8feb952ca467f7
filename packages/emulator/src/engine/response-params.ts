/**
 * Resolve `response.create` params (protocol §5.9) against the session into a {@link ResponsePlan}:
 * overrides, out-of-band responses, `input` with item references, metadata limits.
 * @module
 */
import type { Item, Session, ToolChoice } from '@realtime-agents/core/protocol';
import type { ProtocolTool } from '../brain/brain.js';
import { apiErrors } from './api-error.js';
import type { Conversation } from './conversation.js';
import type { ResponsePlan } from './response.js';

const KEYS = new Set([
  'output_modalities',
  'instructions',
  'audio',
  'tools',
  'tool_choice',
  'max_output_tokens',
  'conversation',
  'metadata',
  'prompt',
  'input',
  'reasoning',
  'parallel_tool_calls',
]);

/** Build the plan of a response; throws a RealtimeApiError for invalid params. */
export function resolveResponsePlan(
  params: unknown,
  session: Session,
  conversation: Conversation,
  conversationId: string,
): ResponsePlan {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || Array.isArray(p)) throw apiErrors.invalidType('response', 'an object', params);
  for (const key of Object.keys(p)) if (!KEYS.has(key)) throw apiErrors.unknownParameter(`response.${key}`);
  const modalities = p.output_modalities ?? session.output_modalities;
  if (
    !Array.isArray(modalities) ||
    modalities.length !== 1 ||
    (modalities[0] !== 'audio' && modalities[0] !== 'text')
  )
    throw apiErrors.invalidValue('response.output_modalities', JSON.stringify(modalities), [
      '["audio"]',
      '["text"]',
    ]);
  if (p.conversation !== undefined && p.conversation !== 'auto' && p.conversation !== 'none')
    throw apiErrors.invalidValue('response.conversation', p.conversation, ['auto', 'none']);
  const metadata = p.metadata ?? null;
  if (metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata))
      throw apiErrors.invalidType('response.metadata', 'an object', metadata);
    const entries = Object.entries(metadata);
    if (entries.length > 16)
      throw apiErrors.invalidValue('response.metadata', `${entries.length} keys (max 16)`);
    for (const [k, v] of entries)
      if (k.length > 64 || typeof v !== 'string' || v.length > 512)
        throw apiErrors.invalidValue(`response.metadata.${k}`, v);
  }
  const mot = p.max_output_tokens ?? session.max_output_tokens;
  if (mot !== 'inf' && (typeof mot !== 'number' || mot < 1 || mot > 4096))
    throw apiErrors.outOfRange('response.max_output_tokens', mot, 1, 4096);
  if (p.tools !== undefined && !Array.isArray(p.tools))
    throw apiErrors.invalidType('response.tools', 'an array', p.tools);
  if (p.instructions !== undefined && typeof p.instructions !== 'string')
    throw apiErrors.invalidType('response.instructions', 'a string', p.instructions);
  const audio = (p.audio ?? {}) as { output?: { voice?: unknown; format?: unknown } };
  let context: Item[];
  if (p.input !== undefined) {
    if (!Array.isArray(p.input)) throw apiErrors.invalidType('response.input', 'an array', p.input);
    context = p.input.map((entry: Record<string, unknown>, i: number) => {
      if (entry?.type === 'item_reference') {
        const stored = conversation.get(entry.id as string);
        if (!stored) throw apiErrors.itemNotFound(String(entry.id));
        return stored.item;
      }
      if (typeof entry !== 'object' || entry === null)
        throw apiErrors.invalidType(`response.input[${i}]`, 'an object', entry);
      return { id: (entry.id as string) ?? `input_${i}`, ...entry } as Item;
    });
  } else {
    context = conversation.items.map((s) => s.item);
  }
  return {
    modalities: modalities as ['audio'] | ['text'],
    instructions: (p.instructions as string | undefined) ?? session.instructions,
    tools: ((p.tools as ProtocolTool[] | undefined) ?? session.tools).filter((t) => t.type === 'function'),
    // Hosted MCP servers are listed per session: a response can use those of the session it names.
    mcpLabels: ((p.tools as Array<{ type: string; server_label?: string }> | undefined) ?? session.tools)
      .filter((t) => t.type === 'mcp')
      .map((t) => (t as { server_label?: string }).server_label ?? ''),
    toolChoice: (p.tool_choice as ToolChoice | undefined) ?? session.tool_choice,
    maxOutputTokens: mot as number | 'inf',
    conversationId: p.conversation === 'none' ? null : conversationId,
    metadata: metadata as Record<string, string> | null,
    voice:
      (audio.output?.voice as Session['audio']['output']['voice'] | undefined) ?? session.audio.output.voice,
    speed: session.audio.output.speed,
    format:
      (audio.output?.format as Session['audio']['output']['format'] | undefined) ??
      session.audio.output.format,
    context,
  };
}
