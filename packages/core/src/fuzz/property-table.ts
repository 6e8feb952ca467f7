/**
 * A table of named properties (each built on demand), the shape `pnpm fuzz` and the tests share.
 * @module
 */
import type fc from 'fast-check';

/** A property with its argument types erased, so properties of different shapes share a table. */
export type AnyProperty = fc.IRawProperty<unknown[]>;

/**
 * Erase a property's argument types.
 * @example
 * const p = anyProperty(fc.property(fc.nat(), (n) => n >= 0));
 */
export const anyProperty = <T extends unknown[]>(p: fc.IRawProperty<T>): AnyProperty =>
  p as unknown as AnyProperty;

export type PropertyTable = Record<string, () => AnyProperty>;
