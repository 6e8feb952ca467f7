/**
 * Turns schema issues into one sentence a user can act on: which field, what value, what is allowed.
 * Knows zod's issue codes (classic and mini share them); any other Standard Schema issue (valibot,
 * arktype) gets its path and its library's own message.
 * @module
 */

/** A Standard Schema path segment is a key or `{ key }` (valibot's segments carry more fields). */
type PathSegment = PropertyKey | { readonly key: PropertyKey };

interface Issue {
  code?: string;
  path?: ReadonlyArray<PathSegment>;
  message: string;
  expected?: string;
  values?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  keys?: string[];
  origin?: string;
  input?: unknown;
  divisor?: number | bigint;
}

/** Dotted path of an issue, prefixed, e.g. `turnDetection.threshold`. */
export function issuePath(prefix: string, path: PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter(Boolean).join('.');
}

/** Short JSON-ish rendering of a value for error messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 60)}…` : s;
  } catch {
    return String(value);
  }
}

function keysOf(path: ReadonlyArray<PathSegment> | undefined): PropertyKey[] {
  return (path ?? []).map((k) => (typeof k === 'object' && k !== null ? k.key : k));
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** What the issue says is allowed, in words. */
function allowed(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `allowed: ${(issue.values ?? []).map(show).join(', ')}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'}`
        : `must be ${issue.inclusive === false ? '<' : '≤'} ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'}`
        : `must be ${issue.inclusive === false ? '>' : '≥'} ${issue.minimum}`;
    case 'unrecognized_keys':
      return `unknown key(s) ${(issue.keys ?? []).map(show).join(', ')}`;
    case 'invalid_union':
      return 'does not match any allowed shape';
    case 'not_multiple_of':
      return issue.divisor === 1 ? 'expected a whole number' : `must be a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

/**
 * Describe the first issue of a failed parse as `<path>: got <value>, <what is allowed>`.
 * @example
 * describeIssue(result.error.issues[0], input, 'turnDetection') // "turnDetection.threshold: got 3, must be ≤ 1"
 */
export function describeIssue(issue: Issue, input: unknown, prefix = ''): { path: string; text: string } {
  const keys = keysOf(issue.path);
  const path = issuePath(prefix, keys);
  const value = issue.code === 'unrecognized_keys' ? undefined : valueAt(input, keys);
  const got = issue.code === 'unrecognized_keys' ? '' : `got ${show(value)}, `;
  return { path, text: `${path || 'value'}: ${got}${allowed(issue)}` };
}
