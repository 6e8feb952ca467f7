/**
 * Values a field should never hold: wrong JSON types, lone surrogates, NUL, prototype keys, 1 MB.
 * @module
 */
import fc from 'fast-check';

/** One megabyte of text (shared: building it per case would dominate the run). */
export const ONE_MB = 'x'.repeat(1 << 20);

/** Keys that break code which indexes plain objects by server-chosen strings. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/**
 * Odd strings: lone surrogates, NUL, empty, prototype keys, random binary, 1 MB.
 * @example
 * fc.sample(oddStringArbitrary, 3);
 */
export const oddStringArbitrary: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('\uD800', 'a\uDFFFb', '\u0000', 'x\u0000y', '', '\uFEFF', ...PROTO_KEYS),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constant(ONE_MB) },
);

/**
 * Any value for a field: wrong JSON types (and `NaN`, `undefined`) or an odd string.
 * @example
 * fc.sample(fieldValueArbitrary, 3);
 */
export const fieldValueArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, -1, 1e308, Number.NaN, [], {}, [1, 'a'], { id: 1 }),
  fc.integer(),
  oddStringArbitrary,
);

/**
 * Strings that are not a JSON object: broken JSON, JSON scalars and arrays, random text.
 * @example
 * fc.sample(nonJsonArbitrary, 3);
 */
export const nonJsonArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '}',
    'null',
    '[]',
    '42',
    '"str"',
    'undefined',
    '\u0000',
    '{"type":',
    '{"type":1}',
    '{}',
  ),
  fc.string({ maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
);
