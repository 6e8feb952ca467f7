/**
 * Mutations of a server stream, as plain descriptors (so a failing case prints what was done):
 * drop, duplicate, move, retype or delete a field, bad audio, inserted junk, reused call ids,
 * `response.done` without `response.created`. Applying never mutates the input steps.
 * @module
 */
import fc from 'fast-check';
import { fieldValueArbitrary, nonJsonArbitrary, PROTO_KEYS } from './odd-values.arbitrary.js';
import { type Step, type Wire, feed } from './step.js';

export type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'duplicate'; at: number; to: number }
  | { op: 'move'; at: number; to: number }
  | { op: 'setField'; at: number; field: number; value: unknown }
  | { op: 'deleteField'; at: number; field: number }
  | { op: 'badAudio'; at: number; delta: string }
  | { op: 'insert'; to: number; wire: Wire }
  | { op: 'reuseCallId'; at: number; to: number; sameArgs: boolean }
  | { op: 'dropCreated'; at: number }
  | { op: 'orphanDone'; to: number; id: string }
  | { op: 'toWire'; at: number };

/** Base64 that is not valid, or decodes to an odd number of bytes. */
const badBase64 = fc.constantFrom(
  '@@@@',
  'AAA',
  'A',
  'AA=',
  '====',
  'AA AA',
  'AAE=',
  'AAAAAQ==',
  'QUJD',
  '\u0000AAA',
  'ÿÿÿÿ',
);

/** Junk to insert: unknown types, prototype keys as types and ids, non-JSON. */
const junk: fc.Arbitrary<Wire> = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => ({ type: `x.unknown.${s}`, event_id: 'ev_junk' })),
  fc.constantFrom(...PROTO_KEYS).map((type) => ({ type, event_id: 'ev_proto' })),
  fc.constantFrom(
    '{"type":"__proto__","event_id":"e"}',
    '{"type":"response.created","event_id":"e","response":{"id":"resp_p","output":[],"__proto__":{"polluted":1}},"__proto__":{"polluted":1}}',
    '{"type":"conversation.item.added","event_id":"e","item":{"id":"__proto__","type":"message","role":"user","status":"completed","content":[]}}',
    '{"type":"conversation.item.added","event_id":"e","item":{"id":"constructor","type":"function_call","call_id":"__proto__","name":"lookup","arguments":"{}"}}',
    '{"type":"response.output_item.done","event_id":"e","response_id":"resp_p","output_index":0,"item":{"id":"item_p","type":"function_call","status":"completed","call_id":"__proto__","name":"lookup","arguments":"{\\"tag\\":\\"__proto__\\"}"}}',
    '{"type":"response.output_audio_transcript.delta","event_id":"e","response_id":"r","item_id":"toString","output_index":0,"content_index":0,"delta":"x"}',
  ),
  nonJsonArbitrary,
);

/**
 * One mutation descriptor; positions are taken modulo the stream length when applied.
 * @example
 * fc.sample(mutationArbitrary, 1); // [{ op: 'drop', at: 7 }]
 */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({
    op: fc.constant('setField' as const),
    at: fc.nat(),
    field: fc.nat(),
    value: fieldValueArbitrary,
  }),
  fc.record({ op: fc.constant('deleteField' as const), at: fc.nat(), field: fc.nat() }),
  fc.record({ op: fc.constant('badAudio' as const), at: fc.nat(), delta: badBase64 }),
  fc.record({ op: fc.constant('insert' as const), to: fc.nat(), wire: junk }),
  fc.record({ op: fc.constant('reuseCallId' as const), at: fc.nat(), to: fc.nat(), sameArgs: fc.boolean() }),
  fc.record({ op: fc.constant('dropCreated' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('orphanDone' as const),
    to: fc.nat(),
    id: fc.constantFrom('resp_orphan', 'resp_000001'),
  }),
  fc.record({ op: fc.constant('toWire' as const), at: fc.nat() }),
);

type Json = Record<string, unknown>;

/** The wire as an object (a copy), or null for a string that is not a JSON object. */
function decode(wire: Wire): Json | null {
  if (typeof wire !== 'string') return structuredClone(wire) as Json;
  try {
    const v: unknown = JSON.parse(wire);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

/** Back to the form the wire had. */
const encode = (like: Wire, obj: Json): Wire => (typeof like === 'string' ? JSON.stringify(obj) : obj);

/** Every field path of an event, one level into nested objects (`item.id`, `response.output`…). */
function fieldPaths(obj: Json): string[][] {
  const paths: string[][] = [];
  for (const k of Object.keys(obj).sort()) {
    paths.push([k]);
    const v = obj[k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      for (const n of Object.keys(v).sort()) paths.push([k, n]);
  }
  return paths;
}

function editField(obj: Json, path: string[], edit: (parent: Json, key: string) => void): void {
  const parent = path.length === 2 ? (obj[path[0]!] as Json) : obj;
  edit(parent, path.at(-1)!);
}

const typeOf = (s: Step): string | null => {
  if (s.kind !== 'feed') return null;
  const t =
    typeof s.wire === 'string' ? /"type":"([^"]*)"/.exec(s.wire)?.[1] : (s.wire as { type?: unknown }).type;
  return typeof t === 'string' ? t : null;
};

/** Indexes of the feed steps whose event matches. */
const where = (steps: Step[], pred: (s: Step) => boolean) => steps.flatMap((s, i) => (pred(s) ? [i] : []));

function pick<T>(list: T[], n: number): T | undefined {
  return list.length ? list[n % list.length] : undefined;
}

function applyOne(steps: Step[], m: Mutation): void {
  const len = steps.length;
  const at = 'at' in m ? m.at % Math.max(1, len) : 0;
  const to = 'to' in m ? m.to % (len + 1) : 0;
  switch (m.op) {
    case 'drop':
      if (len) steps.splice(at, 1);
      return;
    case 'duplicate':
      if (len) steps.splice(to, 0, steps[at]!);
      return;
    case 'move': {
      if (!len) return;
      const [s] = steps.splice(at, 1);
      steps.splice(m.to % len, 0, s!);
      return;
    }
    case 'setField':
    case 'deleteField': {
      const i = pick(
        where(steps, (s) => s.kind === 'feed'),
        m.at,
      );
      if (i === undefined) return;
      const wire = (steps[i] as { wire: Wire }).wire;
      const obj = decode(wire);
      if (!obj) return;
      const path = pick(fieldPaths(obj), m.field);
      if (!path) return;
      editField(obj, path, (parent, key) => {
        if (m.op === 'deleteField') delete parent[key];
        else parent[key] = m.value;
      });
      steps[i] = feed(encode(wire, obj));
      return;
    }
    case 'badAudio': {
      const i = pick(
        where(steps, (s) => typeOf(s) === 'response.output_audio.delta'),
        m.at,
      );
      if (i === undefined) return;
      const wire = (steps[i] as { wire: Wire }).wire;
      const obj = decode(wire);
      if (!obj) return;
      obj.delta = m.delta;
      steps[i] = feed(encode(wire, obj));
      return;
    }
    case 'insert':
      steps.splice(to, 0, feed(m.wire));
      return;
    case 'reuseCallId': {
      const isCall = (s: Step) => {
        if (typeOf(s) !== 'response.output_item.done') return false;
        return (decode((s as { wire: Wire }).wire)?.item as Json | undefined)?.type === 'function_call';
      };
      const i = pick(where(steps, isCall), m.at);
      if (i === undefined) return;
      const wire = (steps[i] as { wire: Wire }).wire;
      const obj = decode(wire)!;
      const item = obj.item as Json;
      item.id = `${item.id}_again`;
      if (!m.sameArgs) item.arguments = JSON.stringify({ tag: `${item.call_id}_other` });
      steps.splice(to, 0, feed(encode(wire, obj)));
      return;
    }
    case 'dropCreated': {
      const i = pick(
        where(steps, (s) => typeOf(s) === 'response.created'),
        m.at,
      );
      if (i !== undefined) steps.splice(i, 1);
      return;
    }
    case 'orphanDone':
      steps.splice(
        to,
        0,
        feed({
          type: 'response.done',
          event_id: 'ev_orphan',
          response: { id: m.id, object: 'realtime.response', status: 'completed', output: [], usage: null },
        }),
      );
      return;
    case 'toWire': {
      const s = steps[at];
      if (s?.kind === 'feed' && typeof s.wire !== 'string') steps[at] = feed(JSON.stringify(s.wire));
      return;
    }
  }
}

/**
 * Apply mutations in order to a copy of `steps`.
 * @example
 * const mutated = applyMutations(steps, [{ op: 'drop', at: 0 }]);
 */
export function applyMutations(steps: readonly Step[], mutations: readonly Mutation[]): Step[] {
  const out = [...steps];
  for (const m of mutations) applyOne(out, m);
  return out;
}
