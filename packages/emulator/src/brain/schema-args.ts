/**
 * Fill a function tool's arguments from the user's words, guided by its JSON Schema: enums by
 * mention, numbers by digits, places by capitalised words after "in/for/at", and so on.
 * Deterministic and deliberately simple — it exists so tool calls carry plausible arguments.
 * @module
 */

type Schema = Record<string, unknown>;
interface Guess {
  value: unknown;
  confident: boolean;
}

const PLACE_KEYS = /city|location|place|town|country|destination|origin|region|area|where/i;
const CAPITALISED = /\b([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)*)/gu;
const STOP_CAPS = new Set([
  'I',
  'What',
  'Whats',
  "What's",
  'How',
  'Can',
  'Could',
  'Please',
  'Tell',
  'The',
  'Is',
  'Hi',
  'Hello',
  'Hey',
  'Give',
  'Show',
  'Get',
  'Do',
  'Will',
  'Would',
]);

function afterPreposition(text: string): string | null {
  const m = /\b(?:in|for|at|to|from|near|about|of|on)\s+((?:the\s+)?[\p{L}\d][\p{L}\d'\- ]*)/iu.exec(text);
  return m ? m[1]!.replace(/^the\s+/i, '').trim() : null;
}

function capitalisedPhrase(text: string): string | null {
  for (const m of text.matchAll(CAPITALISED)) {
    const words = m[1]!.split(/\s+/).filter((w) => !STOP_CAPS.has(w));
    if (words.length) return words.join(' ');
  }
  return null;
}

function guessString(key: string, schema: Schema, text: string): Guess {
  const lower = text.toLowerCase();
  if (Array.isArray(schema.enum)) {
    const hit = (schema.enum as unknown[]).find(
      (v) => typeof v === 'string' && lower.includes(v.toLowerCase()),
    );
    return hit !== undefined ? { value: hit, confident: true } : { value: schema.enum[0], confident: false };
  }
  if (/e-?mail/i.test(key)) {
    const m = /[\w.+-]+@[\w-]+\.[\w.]+/.exec(text);
    return { value: m?.[0] ?? 'user@example.com', confident: !!m };
  }
  if (/date|day|when/i.test(key)) {
    const m =
      /\b(\d{4}-\d{2}-\d{2}|today|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i.exec(
        text,
      );
    return { value: m?.[1] ?? 'today', confident: !!m };
  }
  if (/(^|_)(id|number|code)$|order|ticket|account/i.test(key)) {
    const m = /#?([A-Za-z]*\d[\w-]*)/.exec(text);
    if (m) return { value: m[1], confident: true };
  }
  if (PLACE_KEYS.test(key)) {
    const cap = capitalisedPhrase(text.replace(/^\s*\S+/, ''));
    const prep = afterPreposition(text);
    const value = cap ?? prep?.replace(/[?.!,;:]+.*$/, '');
    if (value) return { value, confident: true };
  }
  if (/name/i.test(key)) {
    const cap = capitalisedPhrase(text.replace(/^\s*\S+/, ''));
    if (cap) return { value: cap, confident: true };
  }
  const prep = afterPreposition(text)?.replace(/[?.!,;:]+$/, '');
  return { value: prep || text.trim().replace(/[?.!]+$/, ''), confident: false };
}

function guess(key: string, schema: Schema, text: string): Guess {
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'number':
    case 'integer': {
      const m = /-?\d+(?:\.\d+)?/.exec(text);
      const n = m ? Number(m[0]) : typeof schema.minimum === 'number' ? schema.minimum : 1;
      return { value: type === 'integer' ? Math.round(n) : n, confident: !!m };
    }
    case 'boolean': {
      const yes = /\b(yes|true|on|enable|please do)\b/i.test(text);
      return { value: yes, confident: yes || /\b(no|false|off|disable)\b/i.test(text) };
    }
    case 'array': {
      const inner = guess(key, (schema.items as Schema) ?? { type: 'string' }, text);
      return { value: [inner.value], confident: inner.confident };
    }
    case 'object':
      return { value: argumentsFromSchema(schema, text), confident: true };
    default:
      return guessString(key, schema, text);
  }
}

/**
 * Arguments object for a tool's `parameters` schema from the user's text. Required properties are
 * always filled; optional ones only when the text clearly supplies them.
 * @example argumentsFromSchema({ type: 'object', properties: { city: { type: 'string' } } }, 'weather in Paris') // { city: 'Paris' }
 */
export function argumentsFromSchema(schema: Schema | undefined, text: string): Record<string, unknown> {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema?.required) ? (schema!.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(properties)) {
    const g = guess(key, prop ?? {}, text);
    if (required.has(key) || g.confident) out[key] = g.value;
  }
  return out;
}
