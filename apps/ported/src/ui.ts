/**
 * The page both versions of the ported app draw into (index.html), so that `theirs.ts` and
 * `ours.ts` differ only in how they use their library. Everything the e2e spec checks is a DOM
 * element with a `data-testid`; nothing here knows either library.
 * @module
 */

/** The Realtime API's base URL: the page sets it (the local emulator in the e2e suite). */
export const baseUrl: string =
  (globalThis as { REALTIME_BASE_URL?: string }).REALTIME_BASE_URL ?? 'https://api.openai.com/v1';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function row(list: string, key: string): HTMLLIElement {
  const ul = $(list);
  let li = ul.querySelector<HTMLLIElement>(`li[data-key="${CSS.escape(key)}"]`);
  if (!li) {
    li = document.createElement('li');
    li.dataset.key = key;
    ul.append(li);
  }
  return li;
}

/** What an app tells the page. */
export const ui = {
  /** `connecting`, `connected`, `disconnected`, `reconnecting`, `closed`, … */
  status(text: string): void {
    $('status').textContent = text;
  },
  agent(name: string): void {
    $('agent').textContent = name;
  },
  /** A user or assistant message, as it streams (`done` once its transcript is final). */
  message(id: string, role: 'user' | 'assistant', text: string, done: boolean): void {
    const li = row('transcript', id);
    li.dataset.role = role;
    li.dataset.done = String(done);
    // how many partial transcripts were drawn before the final one (the e2e checks that text streams)
    if (!done && text) li.dataset.partials = String(Number(li.dataset.partials ?? 0) + 1);
    li.textContent = text;
  },
  /** A function call: arguments when it starts, the output when it ends (`args` undefined: keep them). */
  toolCall(callId: string, name: string, args: unknown, output?: string): void {
    const li = row('tools', callId);
    li.dataset.tool = name;
    if (args !== undefined) li.dataset.args = typeof args === 'string' ? args : JSON.stringify(args);
    li.dataset.state = output === undefined ? 'running' : 'done';
    li.textContent = output === undefined ? `${name}…` : `${name} → ${output}`;
  },
  handoff(from: string, to: string): void {
    row('handoffs', `${$('handoffs').children.length}`).textContent = `${from} → ${to}`;
  },
  /** A call waiting for the user: Approve / Reject buttons call `answer`. */
  approval(callId: string, name: string, args: unknown, answer: (approved: boolean) => void): void {
    const li = row('approvals', callId);
    li.dataset.tool = name;
    li.dataset.state = 'pending';
    li.textContent = `${name} ${typeof args === 'string' ? args : JSON.stringify(args)} `;
    for (const approved of [true, false]) {
      const button = document.createElement('button');
      button.textContent = approved ? 'Approve' : 'Reject';
      button.onclick = () => {
        li.dataset.state = approved ? 'approved' : 'rejected';
        for (const b of li.querySelectorAll('button')) b.remove();
        answer(approved);
      };
      li.append(button);
    }
  },
  guardrail(name: string, text: string): void {
    row('guardrails', `${$('guardrails').children.length}`).textContent = `${name}: ${text}`;
  },
  error(message: string): void {
    row('errors', `${$('errors').children.length}`).textContent = message;
  },
  /** Wire the controls: Connect, Send (the text box), Interrupt, Hang up. */
  controls(app: {
    connect(): Promise<void>;
    send(text: string): void;
    interrupt(): void;
    close(): void;
  }): void {
    $('connect').onclick = () => {
      ui.status('connecting');
      app.connect().catch((e: unknown) => {
        ui.status('failed');
        ui.error(String((e as Error)?.message ?? e));
      });
    };
    $<HTMLFormElement>('compose').onsubmit = (e) => {
      e.preventDefault();
      const input = $<HTMLInputElement>('text');
      if (input.value) app.send(input.value);
      input.value = '';
    };
    $('interrupt').onclick = () => app.interrupt();
    $('hangup').onclick = () => app.close();
    $<HTMLButtonElement>('connect').disabled = false;
  },
};

/** Fetch an ephemeral key from the app's backend (`POST /session`, as in apps/demo). */
export async function clientSecret(): Promise<string> {
  const res = await fetch('/session', { method: 'POST' });
  if (!res.ok) throw new Error(`POST /session: ${res.status}`);
  return ((await res.json()) as { value: string }).value;
}
