// Helpers shared by the scripts that drive the official @openai/agents-realtime client in a child
// process (agents-realtime-client.mjs, agents-realtime-mcp-client.mjs).

/** The text of a history item: a message's text or transcript parts joined; '' for other items. */
export const text = (item) =>
  item.type !== 'message' ? '' : item.content.map((c) => c.text ?? c.transcript ?? '').join('');

/** Resolve with `check()`'s first truthy value, polling every 20 ms; reject after `timeoutMs`. */
export function until(check, timeoutMs = 8000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const v = check();
      if (v) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(tick, 20);
    };
    tick();
  });
}
