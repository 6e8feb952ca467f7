import { describe, expect, it } from 'vitest';
import { ResponseSequencer } from './response-sequencer.js';

function make() {
  const sent: string[] = [];
  let n = 0;
  const s = new ResponseSequencer({ nextEventId: () => `e${++n}`, send: (id) => sent.push(id) });
  return { s, sent };
}

describe('ResponseSequencer', () => {
  it('sends at once when idle', () => {
    const { s, sent } = make();
    s.request();
    expect(sent).toEqual(['e1']);
    // Busy now: another request waits for this one.
    s.request();
    expect(sent).toEqual(['e1']);
  });

  it('coalesces requests made while a response is requested or active', () => {
    const { s, sent } = make();
    s.request();
    s.request();
    s.created('r1');
    s.request();
    s.request();
    expect(sent).toEqual(['e1']);
    s.done('r1');
    expect(sent).toEqual(['e1', 'e2']);
  });

  it('holds while tools run', () => {
    const { s, sent } = make();
    s.hold();
    s.hold();
    s.request();
    s.release();
    expect(sent).toEqual([]);
    s.release();
    expect(sent).toEqual(['e1']);
  });

  it('a server-started response blocks requests until it is done', () => {
    const { s, sent } = make();
    s.created('vad');
    s.request();
    expect(sent).toEqual([]);
    s.done('vad');
    expect(sent).toEqual(['e1']);
  });

  it('an unrelated error does not unblock', () => {
    const { s, sent } = make();
    s.request();
    s.failed('other', 'x');
    s.request();
    expect(sent).toEqual(['e1']);
  });

  it('a failed create with another code is dropped, and the next request goes out', () => {
    const { s, sent } = make();
    s.request();
    s.failed('e1', 'invalid_value');
    s.request();
    expect(sent).toEqual(['e1', 'e2']);
  });

  it('passes the latest params', () => {
    const params: unknown[] = [];
    const s = new ResponseSequencer({ nextEventId: () => 'x', send: (_id, p) => params.push(p) });
    s.created('r');
    s.request({ instructions: 'a' });
    s.request({ instructions: 'b' });
    s.done('r');
    expect(params).toEqual([{ instructions: 'b' }]);
  });

  it('reset forgets everything', () => {
    const { s, sent } = make();
    s.created('r');
    s.request();
    s.reset();
    s.done('r');
    expect(sent).toEqual([]);
  });

  // Found by the session fuzzer (issue 11): an out-of-band response's done freed the slot of the
  // conversation's response still running, and the waiting request went out too early.
  it('an out-of-band response ending does not free the response still running beside it', () => {
    const { s, sent } = make();
    s.created('r_conv');
    s.request();
    s.created('r_oob');
    s.done('r_oob');
    expect(sent).toEqual([]);
    expect(s.activeResponseId).toBe('r_conv');
    s.done('r_conv');
    expect(sent).toEqual(['e1']);
  });
});
