/**
 * Runs one function call: argument parsing, schema validation, approval, timeout. Every failure
 * becomes text the model can read plus a `ToolError`; nothing throws.
 * @module
 */
import type { RunContext } from './context.js';
import { ToolError } from './errors.js';
import type { FunctionTool } from './tool.js';
import { describeIssue } from './validation.js';

export interface ToolRunResult {
  /** The `function_call_output` text sent to the model. */
  output: string;
  /** The tool's own return value when it succeeded. */
  value?: unknown;
  error?: ToolError;
  /** The parsed arguments (or the raw string when they did not parse). */
  args: unknown;
}

export interface ToolRunHooks {
  /** Called with parsed args; resolves to approved or a rejection message. */
  approve(args: unknown): Promise<{ approved: true } | { approved: false; message?: string }>;
  /** Called right before `execute`. */
  started(args: unknown): void;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Parse and validate arguments; returns the parsed value or an error result. */
interface StandardResult {
  value?: unknown;
  issues?: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }>;
}

/** Validate with the schema's own Standard Schema `validate` (zod v4 classic and mini both have it). */
async function validate(parameters: unknown, value: unknown): Promise<StandardResult> {
  const std = (
    parameters as { '~standard': { validate(v: unknown): StandardResult | Promise<StandardResult> } }
  )['~standard'];
  return await std.validate(value);
}

export async function parseToolArguments(
  t: { name: string; parameters: FunctionTool['parameters'] },
  callId: string,
  raw: string,
): Promise<{ args: unknown } | ToolRunResult> {
  let json: unknown;
  try {
    json = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (e) {
    const error = new ToolError(
      'invalid_json',
      t.name,
      callId,
      `Tool '${t.name}' got arguments that are not valid JSON: ${(e as Error).message}`,
    );
    return {
      output: `Error: the arguments for '${t.name}' were not valid JSON (${(e as Error).message}). Call it again with a JSON object.`,
      error,
      args: raw,
    };
  }
  const r = await validate(t.parameters, json);
  if (r.issues) {
    const d = describeIssue(r.issues[0] as never, json);
    const error = new ToolError(
      'invalid_arguments',
      t.name,
      callId,
      `Tool '${t.name}' got invalid arguments: ${d.text}`,
    );
    return {
      output: `Error: invalid arguments for '${t.name}': ${d.text}. Fix the arguments and call it again.`,
      error,
      args: json,
    };
  }
  return { args: r.value };
}

/**
 * Run a tool call to completion. Never throws.
 * @example
 * const r = await runTool(getWeather, 'call_1', '{"city":"Oslo"}', ctx, hooks);
 */
export async function runTool<TContext>(
  t: FunctionTool<TContext>,
  callId: string,
  rawArgs: string,
  ctx: RunContext<TContext>,
  hooks: ToolRunHooks,
): Promise<ToolRunResult> {
  const parsed = await parseToolArguments(t, callId, rawArgs);
  if ('output' in parsed) return parsed;
  const args = parsed.args;
  try {
    const needs =
      typeof t.needsApproval === 'function' ? await t.needsApproval(args as never, ctx) : t.needsApproval;
    if (needs) {
      const decision = await hooks.approve(args);
      if (!decision.approved) {
        const why = decision.message ? `: ${decision.message}` : '';
        const error = new ToolError(
          'rejected',
          t.name,
          callId,
          `The user rejected the call to '${t.name}'${why}`,
        );
        return {
          output: `The user declined to run '${t.name}'${why}. Do not retry it unless they ask.`,
          error,
          args,
        };
      }
    }
  } catch (e) {
    const error = new ToolError(
      'approval_failed',
      t.name,
      callId,
      `Approval check of '${t.name}' threw: ${(e as Error)?.message ?? e}`,
      { cause: e },
    );
    return { output: `Error: could not run '${t.name}' (approval check failed).`, error, args };
  }
  hooks.started(args);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), t.timeoutMs);
  });
  try {
    const result = await Promise.race([
      Promise.resolve().then(() => t.execute(args as never, { ...ctx, callId })),
      timeout,
    ]);
    if (result === 'timeout') {
      const error = new ToolError(
        'timeout',
        t.name,
        callId,
        `Tool '${t.name}' did not finish within ${t.timeoutMs} ms`,
      );
      return { output: `Error: '${t.name}' timed out after ${t.timeoutMs} ms.`, error, args };
    }
    return { output: stringify(result), value: result, args };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const error = new ToolError('tool_failed', t.name, callId, `Tool '${t.name}' threw: ${message}`, {
      cause: e,
    });
    return { output: `Error: '${t.name}' failed: ${message}`, error, args };
  } finally {
    clearTimeout(timer);
  }
}
