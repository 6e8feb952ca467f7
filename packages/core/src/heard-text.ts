/**
 * What of a cut answer was heard (a drop, or an interruption, cuts it).
 * @module
 */

/**
 * The part of an assistant transcript the listener heard, by the share of its audio really played,
 * cut after the last whole word. All of it when nothing says otherwise.
 * @example
 * heardText('It is sunny in Paris today', 1000, 2000) // 'It is sunny'
 */
export function heardText(transcript: string, playedMs: number | null, receivedMs: number | null): string {
  if (playedMs === null || !receivedMs || receivedMs <= 0 || playedMs >= receivedMs) return transcript;
  const share = Math.max(0, playedMs) / receivedMs;
  const cut = Math.floor(transcript.length * share);
  if (cut >= transcript.length) return transcript;
  const head = transcript.slice(0, cut);
  const space = head.lastIndexOf(' ');
  return (space > 0 ? head.slice(0, space) : head).trimEnd();
}
