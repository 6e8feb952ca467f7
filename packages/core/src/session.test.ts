import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { ConfigError, ProtocolError, TransportError } from './errors.js';
import { RealtimeRunner } from './runner.js';
import { connectScripted } from './testing/connect-scripted.js';
import { ScriptedTransport } from './testing/scripted-transport.js';
import { pcm16ToBase64 } from './testing/server-script.js';

const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'Greet warmly.' });

describe('RealtimeSession basics', () => {
  it('connects with the GA session config', async () => {
    const { transport } = await connectScripted(agent, { voice: 'marin', model: 'gpt-realtime' });
    expect(transport.connectOptions?.session).toMatchObject({
      type: 'realtime',
      instructions: 'Greet warmly.',
      audio: { output: { voice: 'marin' } },
    });
    expect(transport.connectOptions?.model).toBe('gpt-realtime');
  });

  it('passes apiKey, baseUrl and extraHeaders to the transport', async () => {
    const { transport } = await connectScripted(agent, {
      apiKey: 'sk-test',
      baseUrl: 'wss://x.openai.azure.com/openai/v1/realtime',
      extraHeaders: { 'api-key': 'k' },
    });
    expect(transport.connectOptions).toMatchObject({
      apiKey: 'sk-test',
      baseUrl: 'wss://x.openai.azure.com/openai/v1/realtime',
      extraHeaders: { 'api-key': 'k' },
    });
  });

  it('without a transport throws a ConfigError that says what to pass', async () => {
    await expect(new RealtimeRunner({}).session(agent)).rejects.toThrow(ConfigError);
    await expect(new RealtimeRunner({}).session(agent)).rejects.toThrow(/webrtcTransport/);
  });

  it('wraps a failed connect in a TransportError', async () => {
    const t = new ScriptedTransport({ connectError: new Error('ECONNREFUSED') });
    const err = await new RealtimeRunner({ transport: t }).session(agent).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('sendText creates a user item then requests a response', async () => {
    const { session, transport } = await connectScripted(agent);
    await session.sendText('Hello!');
    expect(transport.sent.map((e) => e.type)).toEqual(['conversation.item.create', 'response.create']);
    expect(transport.sent[0]).toMatchObject({
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello!' }] },
    });
  });

  it('rejects an empty sendText', async () => {
    const { session } = await connectScripted(agent);
    await expect(session.sendText('')).rejects.toThrow(TypeError);
  });

  it('emits agent_start/agent_end around one response, with its transcript as output', async () => {
    const { session, script, feed, of } = await connectScripted(agent);
    await session.sendText('Hi');
    const r = script.spoken('Hello there, friend!', { chunks: 4 });
    feed(r.events);
    expect(of('agent_start')).toHaveLength(1);
    expect(of('agent_start')[0]?.agent).toBe(agent);
    const end = of('agent_end');
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({
      responseId: r.responseId,
      output: 'Hello there, friend!',
      status: 'completed',
    });
  });

  it('emits assistant transcript partials with the text so far, then a final', async () => {
    const { script, feed, of } = await connectScripted(agent);
    feed(script.spoken('abcdef', { chunks: 3 }).events);
    const t = of('transcript');
    expect(t.map((x) => [x.text, x.delta, x.final])).toEqual([
      ['ab', 'ab', false],
      ['abcd', 'cd', false],
      ['abcdef', 'ef', false],
      ['abcdef', 'abcdef', true],
    ]);
    expect(t.every((x) => x.role === 'assistant')).toBe(true);
  });

  it('emits audio events with PCM16 from deltas', async () => {
    const { script, feed, of } = await connectScripted(agent);
    const pcm = Int16Array.from([1, -2, 3, 32767, -32768]);
    const r = script.spoken('x', { audio: [pcm16ToBase64(pcm)] });
    feed(r.events);
    const a = of('audio');
    expect(a).toHaveLength(1);
    expect(Array.from(a[0]!.data)).toEqual([1, -2, 3, 32767, -32768]);
    expect(a[0]).toMatchObject({
      sampleRate: 24000,
      itemId: r.itemId,
      responseId: r.responseId,
      contentIndex: 0,
    });
  });

  it('emits a user transcript final for text messages', async () => {
    const { script, feed, of } = await connectScripted(agent);
    feed(script.userText('What time is it?'));
    expect(of('transcript')).toEqual([
      expect.objectContaining({ role: 'user', text: 'What time is it?', final: true }),
    ]);
  });

  it('emits speech_started / speech_stopped', async () => {
    const { script, feed, of } = await connectScripted(agent);
    feed([
      script.event('input_audio_buffer.speech_started', { audio_start_ms: 100, item_id: 'u1' }),
      script.event('input_audio_buffer.speech_stopped', { audio_end_ms: 900, item_id: 'u1' }),
    ]);
    expect(of('speech_started')[0]).toMatchObject({ itemId: 'u1', audioStartMs: 100 });
    expect(of('speech_stopped')[0]).toMatchObject({ itemId: 'u1', audioEndMs: 900 });
  });

  it('user transcription partials and final fill the history item', async () => {
    const { script, feed, of, session } = await connectScripted(agent);
    const item = {
      id: 'u1',
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    };
    feed([
      script.event('conversation.item.added', { previous_item_id: null, item }),
      script.event('conversation.item.input_audio_transcription.delta', {
        item_id: 'u1',
        content_index: 0,
        delta: 'Hola ',
      }),
      script.event('conversation.item.input_audio_transcription.delta', {
        item_id: 'u1',
        content_index: 0,
        delta: 'amigo',
      }),
      script.event('conversation.item.input_audio_transcription.completed', {
        item_id: 'u1',
        content_index: 0,
        transcript: 'Hola amigo',
        usage: { type: 'duration', seconds: 1 },
      }),
    ]);
    expect(of('transcript').map((t) => [t.role, t.text, t.final])).toEqual([
      ['user', 'Hola ', false],
      ['user', 'Hola amigo', false],
      ['user', 'Hola amigo', true],
    ]);
    expect(session.history[0]).toMatchObject({ itemId: 'u1', role: 'user', text: 'Hola amigo' });
  });

  it('sums usage over responses', async () => {
    const { session, script, feed } = await connectScripted(agent);
    feed(script.spoken('a').events);
    feed(script.spoken('b').events);
    expect(session.usage).toEqual({ requests: 2, inputTokens: 20, outputTokens: 40, totalTokens: 60 });
  });

  it('gives the same events for a stream delivered as wire strings as for the decoded objects', async () => {
    const chunk = (n: number, seed: number) => {
      const pcm = new Int16Array(n);
      for (let i = 0; i < n; i++) pcm[i] = ((i * 7919 + seed * 104729) % 65536) - 32768;
      return pcm16ToBase64(pcm);
    };
    const audio = [chunk(480, 1), chunk(2400, 2), chunk(1, 3), chunk(0, 4), chunk(1441, 5)];
    const run = async (asWire: boolean) => {
      const s = await connectScripted(agent);
      const stream: object[] = [
        ...s.script.userText('hi'),
        ...s.script.spoken('one two three', { chunks: 3, audio }).events,
      ];
      // A malformed audio delta, and an audio delta whose base64 is not strict (a newline inside).
      stream.push({
        type: 'response.output_audio.delta',
        event_id: 'bad',
        response_id: 'r',
        item_id: 7,
        delta: audio[1],
      });
      const ref = stream.find((e) => (e as { type: string }).type === 'response.output_audio.delta');
      stream.push({ ...ref, event_id: 'nl', delta: `${audio[1]!.slice(0, 8)}\n${audio[1]!.slice(8)}` });
      // Unpadded base64 (atob accepts it), and a delta far too short for the fast path.
      stream.push({ ...ref, event_id: 'nopad', delta: audio[2]!.replace(/=+$/, '') });
      stream.push({ ...ref, event_id: 'short', delta: audio[2] });
      for (const e of stream) s.transport.receive(asWire ? JSON.stringify(e) : e);
      return s.events.map((e) =>
        e.type === 'audio'
          ? { ...e, data: Array.from(e.data) }
          : e.type === 'error'
            ? { type: 'error', message: e.error.message }
            : e,
      );
    };
    const fromObjects = await run(false);
    const fromWire = await run(true);
    expect(fromWire.filter((e) => e.type === 'audio')).toHaveLength(7);
    expect(fromWire.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(fromWire).toEqual(fromObjects);
  });

  it('turns a malformed server event into an error event and keeps going', async () => {
    const { transport, script, feed, of } = await connectScripted(agent);
    transport.receive('{not json');
    transport.receive({ type: 'response.output_audio.delta', event_id: 'e', response_id: 1 });
    feed(script.spoken('still here').events);
    const errors = of('error').map((e) => e.error);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e instanceof ProtocolError)).toBe(true);
    expect(of('agent_end')[0]?.output).toBe('still here');
  });

  it('surfaces server error events as ProtocolError with the server code', async () => {
    const { script, feed, of } = await connectScripted(agent);
    feed([
      script.event('error', {
        error: {
          type: 'invalid_request_error',
          code: 'cannot_update_voice',
          message: 'Cannot update voice',
          param: null,
          event_id: null,
        },
      }),
    ]);
    const e = of('error')[0]?.error as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.code).toBe('cannot_update_voice');
  });

  it('ignores the benign response_cancel_not_active error', async () => {
    const { script, feed, of } = await connectScripted(agent);
    feed([
      script.event('error', {
        error: {
          type: 'invalid_request_error',
          code: 'response_cancel_not_active',
          message: 'no active response',
          param: null,
          event_id: null,
        },
      }),
    ]);
    expect(of('error')).toHaveLength(0);
  });

  it('passes unknown server events through as raw', async () => {
    const { feed, of } = await connectScripted(agent);
    feed([{ type: 'response.future_thing.added', event_id: 'e1', item_id: 'm' }]);
    expect(of('raw').map((r) => r.event.type)).toContain('response.future_thing.added');
    expect(of('error')).toHaveLength(0);
  });

  it('a throwing on() handler becomes an error event, not an exception', async () => {
    const { session, script, feed, of } = await connectScripted(agent);
    session.on('agent_start', () => {
      throw new Error('user bug');
    });
    expect(() => feed(script.spoken('ok').events)).not.toThrow();
    expect(of('error')[0]?.error.message).toContain('user bug');
    expect(of('agent_end')).toHaveLength(1);
  });

  it('close is idempotent, ends iteration, and later sends throw TransportError(closed)', async () => {
    const { session, transport, of } = await connectScripted(agent);
    session.close();
    session.close();
    expect(transport.closed).toBe(true);
    expect(of('connection').filter((c) => c.state === 'closed')).toHaveLength(1);
    const err = await session.sendText('late').catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('closed');
    expect(err.message).toContain('session is closed');
    expect(() => session.interrupt()).toThrow(TransportError);
    const seen = [];
    for await (const e of session) seen.push(e);
    expect(seen.at(-1)).toMatchObject({ type: 'connection', state: 'closed' });
  });

  it('await using closes the session', async () => {
    const t = new ScriptedTransport();
    {
      await using s = await new RealtimeRunner({ transport: t }).session(agent);
      expect(s.closed).toBe(false);
    }
    expect(t.closed).toBe(true);
  });

  it('without reconnect, a transport that reports closed closes the session', async () => {
    const { session, transport, of } = await connectScripted(agent, { reconnect: false });
    transport.setState('closed', new Error('socket hang up'));
    expect(session.closed).toBe(true);
    expect(of('error')[0]?.error).toBeInstanceOf(TransportError);
  });

  it('without reconnect, a connection drop is reported as connection + error events', async () => {
    const { session, transport, of } = await connectScripted(agent, { reconnect: false });
    transport.setState('disconnected', new Error('ICE failed'));
    expect(of('connection').at(-1)).toMatchObject({ state: 'disconnected' });
    expect(of('error').at(-1)?.error.message).toContain('ICE failed');
    expect(session.closed).toBe(false);
  });

  it('for await sees events emitted before the loop started, and every one after', async () => {
    const { session, script, feed } = await connectScripted(agent);
    feed(script.spoken('early').events);
    const types: string[] = [];
    const loop = (async () => {
      for await (const e of session) {
        types.push(e.type);
        if (e.type === 'agent_end' && types.filter((t) => t === 'agent_end').length === 2) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 5));
    feed(script.spoken('late').events);
    await loop;
    expect(types.filter((t) => t === 'agent_start')).toHaveLength(2);
    expect(types[0]).toBe('connection');
  });

  it('a slow consumer loses nothing', async () => {
    const { session, script, feed } = await connectScripted(agent);
    const outputs: string[] = [];
    const loop = (async () => {
      for await (const e of session) {
        await new Promise((r) => setTimeout(r, 1));
        if (e.type === 'agent_end') outputs.push(e.output);
        if (outputs.length === 20) break;
      }
    })();
    for (let i = 0; i < 20; i++) feed(script.spoken(`n${i}`).events);
    await loop;
    expect(outputs).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
  });

  it('two consumers (for await and on) both see every event', async () => {
    const { session, script, feed } = await connectScripted(agent);
    const viaOn: string[] = [];
    session.on('*', (e) => viaOn.push(e.type));
    const it = session[Symbol.asyncIterator]();
    feed(script.spoken('x').events);
    session.close();
    const viaIter: string[] = [];
    for (;;) {
      const n = await it.next();
      if (n.done) break;
      viaIter.push(n.value.type);
    }
    expect(viaIter.slice(-viaOn.length)).toEqual(viaOn);
  });

  it('sendAudio forwards PCM16 and validates input', async () => {
    const { session, transport } = await connectScripted(agent);
    await session.sendAudio(new Int16Array([1, 2, 3]));
    await session.sendAudio(new Uint8Array([1, 0, 2, 0]));
    expect(transport.audioSent.map((a) => Array.from(a))).toEqual([
      [1, 2, 3],
      [1, 2],
    ]);
    await expect(session.sendAudio(new Uint8Array([1, 2, 3]))).rejects.toThrow(/even number of bytes, got 3/);
    await expect(session.sendAudio('abc' as never)).rejects.toThrow(/Int16Array/);
  });

  it('sendAudio with commit commits and requests a response (push-to-talk)', async () => {
    const { session, transport } = await connectScripted(agent, { turnDetection: null });
    await session.sendAudio(new Int16Array(2400), { commit: true });
    expect(transport.sent.map((e) => e.type)).toEqual(['input_audio_buffer.commit', 'response.create']);
  });

  it('sendImage sends an input_image part and validates the data URL', async () => {
    const { session, transport } = await connectScripted(agent);
    await session.sendImage('data:image/png;base64,iVBORw0KGgo=');
    expect(transport.sent[0]).toMatchObject({
      item: { content: [{ type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }] },
    });
    expect(transport.sentOf('response.create')).toHaveLength(0);
    await expect(session.sendImage('http://x/y.png')).rejects.toThrow(/data URL/);
  });

  it('mute is forwarded to the transport', async () => {
    const { session, transport } = await connectScripted(agent);
    session.mute(true);
    expect(transport.muted).toBe(true);
  });

  it('updateAgent sends a session.update with the new instructions and tools', async () => {
    const { session, transport } = await connectScripted(agent);
    const other = new RealtimeAgent({ name: 'Other', instructions: 'Be terse.' });
    await session.updateAgent(other);
    expect(session.currentAgent).toBe(other);
    expect(transport.sentOf('session.update')[0]?.session).toMatchObject({
      instructions: 'Be terse.',
      tools: [],
    });
  });

  it('every client event carries a unique event_id', async () => {
    const { session, transport } = await connectScripted(agent);
    await session.sendText('a');
    await session.sendText('b');
    const ids = transport.sent.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
