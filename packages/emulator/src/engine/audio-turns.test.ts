/** Audio in over WebSocket: server VAD turns, push-to-talk, barge-in, idle timeout, transcription, G.711. */
import { mulawDecode, mulawEncode, resample } from '@realtime-agents/audio/codecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator.js';
import { chunks, silence, speechLike, TestClient, toBase64 } from '../test-support.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' }, streamIntervalMs: 40 });
});
afterAll(async () => {
  await emu.close();
});

const connect = (session?: Record<string, unknown>) => TestClient.open(emu.wsUrl, session);

function stream(c: TestClient, pcm: Int16Array, chunkMs = 20): void {
  for (const chunk of chunks(pcm, chunkMs))
    c.send({ type: 'input_audio_buffer.append', audio: toBase64(chunk) });
}

describe('server VAD over WebSocket', () => {
  it('speech then silence → started, stopped, committed, user item, response (in order)', async () => {
    const c = await connect();
    stream(c, silence(400));
    stream(c, speechLike(1200));
    stream(c, silence(400));
    const done = await c.waitFor('response.done', 8000);
    const started = c.events.find((e) => e.type === 'input_audio_buffer.speech_started')!;
    const stopped = c.events.find((e) => e.type === 'input_audio_buffer.speech_stopped')!;
    expect(started.audio_start_ms).toBe(100);
    expect(stopped.audio_end_ms).toBe(1800);
    expect(stopped.item_id).toBe(started.item_id);
    expect(c.types().slice(1, 7)).toEqual([
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
    ]);
    const added = c.events.find((e) => e.type === 'conversation.item.added')!;
    expect(added.item).toEqual({
      id: started.item_id,
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    });
    expect(done.response.output[0].content[0].transcript).toContain("can't tell what you said");
    c.send({ type: 'conversation.item.retrieve', item_id: started.item_id });
    const retrieved = await c.next('conversation.item.retrieved');
    const bytes = Buffer.from(retrieved.item.content[0].audio, 'base64');
    expect(bytes.length / 48).toBe(1700); // from audio_start_ms to audio_end_ms
    await c.close();
  });

  it('create_response false: commits but never responds', async () => {
    const c = await connect({
      audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } },
    });
    stream(c, speechLike(600));
    stream(c, silence(400));
    await c.waitFor('conversation.item.done');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.types()).not.toContain('response.created');
    await c.close();
  });

  it('barge-in while generating cancels with turn_detected; interrupt_response false does not', async () => {
    for (const interrupt of [true, false]) {
      const c = await connect({
        audio: { input: { turn_detection: { type: 'server_vad', interrupt_response: interrupt } } },
      });
      c.send({
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'Tell me a long long story about many many things please' }],
        },
      });
      c.send({ type: 'response.create' });
      await c.waitFor('response.output_audio.delta');
      stream(c, speechLike(300));
      await c.waitFor('input_audio_buffer.speech_started');
      const done = await c.waitFor('response.done', 8000);
      if (interrupt) {
        expect(done.response.status).toBe('cancelled');
        expect(done.response.status_details.reason).toBe('turn_detected');
        expect(c.types().indexOf('input_audio_buffer.speech_started')).toBeLessThan(
          c.types().indexOf('response.done'),
        );
      } else {
        expect(done.response.status).toBe('completed');
      }
      await c.close();
    }
  });

  it('turn_detection null: no VAD events; manual commit + response.create', async () => {
    const c = await connect({ audio: { input: { turn_detection: null } } });
    stream(c, speechLike(500));
    stream(c, silence(500));
    c.send({ type: 'input_audio_buffer.commit' });
    const committed = await c.waitFor('input_audio_buffer.committed');
    expect(committed.previous_item_id).toBeNull();
    await c.waitFor('conversation.item.done');
    expect(c.types().some((t) => t.startsWith('input_audio_buffer.speech'))).toBe(false);
    expect(c.types()).not.toContain('response.created');
    c.send({ type: 'input_audio_buffer.append', audio: toBase64(speechLike(200)) });
    c.send({ type: 'input_audio_buffer.clear' });
    await c.waitFor('input_audio_buffer.cleared');
    c.send({ type: 'response.create' });
    expect((await c.waitFor('response.done', 8000)).response.status).toBe('completed');
    await c.close();
  });

  it('transcription enabled: placeholder transcript events with usage, retrieve returns the transcript', async () => {
    const c = await connect({ audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe' } } } });
    stream(c, speechLike(1000));
    stream(c, silence(300));
    const completed = await c.waitFor('conversation.item.input_audio_transcription.completed', 8000);
    expect(completed.transcript).toBe('[speech 1.2 s]');
    expect(completed.usage.type).toBe('tokens');
    expect(c.types()).toContain('conversation.item.input_audio_transcription.delta');
    c.send({ type: 'conversation.item.retrieve', item_id: completed.item_id });
    expect((await c.next('conversation.item.retrieved')).item.content[0].transcript).toBe('[speech 1.2 s]');
    await c.waitFor('response.done', 8000);
    await c.close();
  });

  it('a pluggable transcriber supplies real words to the brain', async () => {
    const emu2 = await startEmulator({
      synthesizer: { engine: 'formant' },
      transcriber: { transcribe: (pcm) => `hello with ${pcm.length} samples` },
    });
    const c = await TestClient.connect(`${emu2.wsUrl}?model=gpt-realtime`);
    stream(c, speechLike(500));
    stream(c, silence(300));
    const done = await c.waitFor('response.done', 8000);
    expect(done.response.output[0].content[0].transcript).toMatch(/^You said: "hello with \d+ samples"\.$/);
    await c.close();
    await emu2.close();
  });

  it('a failing transcriber → transcription.failed; whisper-1 sends no delta', async () => {
    const emu2 = await startEmulator({
      synthesizer: { engine: 'formant' },
      transcriber: {
        transcribe: (pcm) => {
          if (pcm.length > 24000) throw new Error('asr down');
          return 'short one';
        },
      },
    });
    const c = await TestClient.connect(`${emu2.wsUrl}?model=gpt-realtime`);
    c.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { transcription: { model: 'whisper-1' } } } },
    });
    await c.waitFor('session.updated');
    stream(c, speechLike(1500));
    stream(c, silence(300));
    const failed = await c.waitFor('conversation.item.input_audio_transcription.failed', 8000);
    expect(failed.error).toMatchObject({ type: 'transcription_error', message: 'asr down' });
    await c.waitFor('response.done', 8000);
    stream(c, speechLike(400));
    stream(c, silence(300));
    const completed = await c.waitFor('conversation.item.input_audio_transcription.completed', 8000);
    expect(completed.transcript).toBe('short one');
    expect(c.types()).not.toContain('conversation.item.input_audio_transcription.delta');
    await c.close();
    await emu2.close();
  });

  it('idle_timeout_ms: timeout_triggered after the response, then an automatic response', async () => {
    const c = await connect({
      output_modalities: ['text'],
      audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 5000 } } },
    });
    c.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
    c.send({ type: 'response.create' });
    await c.waitFor('response.done');
    const t0 = Date.now();
    const timer = setInterval(
      () => c.send({ type: 'input_audio_buffer.append', audio: toBase64(silence(100)) }),
      100,
    );
    const timeout = await c.waitFor('input_audio_buffer.timeout_triggered', 9000);
    clearInterval(timer);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4900);
    expect(timeout.audio_end_ms).toBeGreaterThan(timeout.audio_start_ms);
    const committed = await c.waitFor('input_audio_buffer.committed');
    expect(committed.item_id).toBe(timeout.item_id);
    expect(
      (
        await c.waitFor(
          (e) =>
            e.type === 'response.created' &&
            c.types().lastIndexOf('response.created') >
              c.types().indexOf('input_audio_buffer.timeout_triggered'),
        )
      ).type,
    ).toBe('response.created');
    await c.close();
  }, 15_000);

  it('G.711 μ-law in and out', async () => {
    const c = await connect({
      audio: { input: { format: { type: 'audio/pcmu' } }, output: { format: { type: 'audio/pcmu' } } },
    });
    const ulaw = mulawEncode(resample(speechLike(800), 24000, 8000));
    for (let i = 0; i < ulaw.length; i += 160)
      c.send({
        type: 'input_audio_buffer.append',
        audio: Buffer.from(ulaw.subarray(i, i + 160)).toString('base64'),
      });
    const quiet = Buffer.alloc(8 * 400, 0xff);
    c.send({ type: 'input_audio_buffer.append', audio: quiet.toString('base64') });
    const done = await c.waitFor('response.done', 8000);
    expect(c.types()).toContain('input_audio_buffer.speech_stopped');
    const out = Buffer.concat(
      c.events
        .filter((e) => e.type === 'response.output_audio.delta')
        .map((e) => Buffer.from(e.delta, 'base64')),
    );
    const tokens = done.response.usage.output_token_details.audio_tokens;
    expect(Math.abs(out.length / 8 / 50 - tokens)).toBeLessThanOrEqual(1); // 8 bytes per ms
    const decoded = mulawDecode(new Uint8Array(out));
    expect(Math.max(...decoded.slice(0, 8000).map(Math.abs))).toBeGreaterThan(1000);
    expect(done.response.audio.output.format).toEqual({ type: 'audio/pcmu' });
    await c.close();
  });
});
