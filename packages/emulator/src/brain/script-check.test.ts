import { describe, expect, it } from 'vitest';
import { parseScript } from './script-brain.js';

const turn = (respond: unknown, extra: object = {}) => [
  { respond: { text: 'first' } },
  { ...extra, respond },
];

describe('parseScript checks action values, naming the turn and the field', () => {
  it.each([
    [{ text: 5 }, 'Script turn 1: "text" must be a string, got {"text":5}'],
    [{ audio: 42 }, '"audio" must be base64 PCM16 24 kHz'],
    [{ audio: 'not base64!' }, '"audio" must be base64 PCM16 24 kHz'],
    [{ audio: 'AAAA', transcript: 7 }, '"transcript" must be a string'],
    [{ function_call: 'get_weather' }, '"function_call" needs a "name" string'],
    [{ function_call: { name: '' } }, '"function_call" needs a "name" string'],
    [
      { function_call: { name: 'f', arguments: [1] } },
      '"function_call.arguments" must be a JSON string or an object',
    ],
    [{ mcp_call: { name: 'roll_dice' } }, '"mcp_call" needs "server_label" and "name" strings'],
    [
      { mcp_call: { server_label: 'ws', name: 'roll_dice', arguments: 3 } },
      '"mcp_call.arguments" must be a JSON string or an object',
    ],
    [{ handoff: 3 }, '"handoff" must be the agent name'],
    [{ handoff: '' }, '"handoff" must be the agent name'],
    [{ error: 'boom' }, '"error" needs "code" and "message" strings'],
    [{ error: { code: 'x', message: 'y', type: 1 } }, '"error.type" must be a string'],
    [{ delay: '100' }, '"delay" must be a number of milliseconds ≥ 0, got {"delay":"100"}'],
    [{ delay: -5 }, '"delay" must be a number of milliseconds ≥ 0'],
    [[{ text: 'ok' }, { delay: Number.NaN }], '"delay" must be a number of milliseconds ≥ 0'],
  ])('%j → %s', (respond, message) => {
    expect(() => parseScript(turn(respond))).toThrow(message);
  });

  it('checks match and fallback too', () => {
    expect(() => parseScript(turn({ text: 'x' }, { match: 7 }))).toThrow(
      'Script turn 1: "match" must be a string, got 7',
    );
    expect(() => parseScript(turn({ text: 'x' }, { match: '/(unclosed/' }))).toThrow(
      'Script turn 1: "match" is not a valid /regex/',
    );
    expect(() => parseScript({ turns: [], fallback: 'silence' })).toThrow(
      'Script "fallback" must be "default-brain" or "error", got "silence"',
    );
  });

  it('accepts every well-formed action', () => {
    const script = parseScript({
      fallback: 'error',
      turns: [
        {
          match: '/weather/i',
          respond: { function_call: { name: 'get_weather', arguments: { city: 'Oslo' } } },
        },
        { respond: { function_call: { name: 'f', arguments: '{"a":1}' } } },
        { respond: [{ delay: 0 }, { text: 'hi' }, { audio: 'AAAA', transcript: 'hi' }] },
        { match: 'spanish', respond: { handoff: 'Spanish' } },
        { respond: { mcp_call: { server_label: 'ws', name: 'roll_dice', arguments: { sides: 6 } } } },
        { respond: { error: { code: 'overloaded', message: 'Try later', type: 'server_error' } } },
      ],
    });
    expect(script.turns).toHaveLength(6);
  });
});
