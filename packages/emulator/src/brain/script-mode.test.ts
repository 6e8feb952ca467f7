/** Script mode end to end: scripted text, audio, error (response failed) over a real socket. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator.js';
import { speechLike, TestClient, toBase64 } from '../test-support.js';

describe('script mode', () => {
  it('runs a JSON script file: text, audio, error', async () => {
    const audio = toBase64(speechLike(500));
    const path = join(tmpdir(), `emu-script-${process.pid}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        turns: [
          { respond: { text: 'First!' } },
          { respond: { audio, transcript: 'scripted audio' } },
          { respond: { error: { code: 'overloaded', message: 'Try later' } } },
        ],
      }),
    );
    const emu = await startEmulator({ script: path, synthesizer: { engine: 'formant' } });
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
    c.send({ type: 'response.create' });
    expect((await c.next('response.done')).response.output[0].content[0].transcript).toBe('First!');
    const start = c.events.length;
    c.send({ type: 'response.create' });
    await c.next('response.done');
    const bytes = c.events
      .slice(start)
      .filter((e) => e.type === 'response.output_audio.delta')
      .reduce((n, e) => n + Buffer.from(e.delta, 'base64').length, 0);
    expect(bytes).toBe(500 * 48); // exactly the scripted audio
    const from = c.events.length;
    c.send({ type: 'response.create' });
    const failed = await c.waitFor('response.done', 5000, from);
    expect(failed.response.status).toBe('failed');
    expect(failed.response.status_details.error).toEqual({ type: 'server_error', code: 'overloaded' });
    expect((await c.waitFor('error', 5000, from)).error.message).toBe('Try later');
    await c.close();
    await emu.close();
  });
});
