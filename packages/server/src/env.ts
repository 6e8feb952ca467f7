/**
 * Reads an environment variable without assuming Node: in Workers, Deno Deploy or a browser bundle
 * `process` may not exist at all.
 */
export function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}
