/**
 * Runs a Node script in a child process and reads the last line it prints as JSON: how the
 * acceptance tests run clients that cannot load inside vitest (the official `@openai/agents-realtime`).
 * @module
 */
import { execFile } from 'node:child_process';

/** What a child printed: loosely typed JSON that the test asserts on. */
// biome-ignore lint/suspicious/noExplicitAny: the child prints loosely typed JSON
export type ChildReport = Record<string, any>;

/**
 * Run `script` with `args` under this Node and resolve with its last stdout line parsed as JSON;
 * reject with the exit error, stderr and stdout when that line is not JSON (a crash or a timeout).
 * @example
 * const out = await runChildReport('test/agents-realtime-client.mjs', [emu.wsUrl], 30_000);
 */
export function runChildReport(script: string, args: string[], timeoutMs: number): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`client failed: ${error?.message}\n${stderr}\n${stdout}`));
      }
    });
  });
}
