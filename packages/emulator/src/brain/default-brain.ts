/**
 * The default deterministic brain (what the demo talks to): answers user text, calls a session tool
 * the user names or clearly asks for (arguments from the tool's schema), answers from tool output,
 * hands off (`transfer_to_<agent>`) when the user asks for that agent or its language, and otherwise
 * replies quoting the user. It never invents words for audio it could not transcribe.
 * @module
 */
import type { Item } from '@realtime-agents/core/protocol';
import {
  type Brain,
  type BrainInput,
  type BrainReply,
  lastUserText,
  type ProtocolTool,
  userTexts,
} from './brain.js';
import { argumentsFromSchema } from './schema-args.js';

/** Languages by English name → words a user may say for them. */
const LANGUAGES: Record<string, string[]> = {
  spanish: ['spanish', 'español', 'espanol', 'castellano'],
  french: ['french', 'français', 'francais'],
  german: ['german', 'deutsch'],
  italian: ['italian', 'italiano'],
  portuguese: ['portuguese', 'português', 'portugues'],
  dutch: ['dutch', 'nederlands'],
  japanese: ['japanese', '日本語', 'nihongo'],
  chinese: ['chinese', 'mandarin', '中文'],
  english: ['english'],
};
const GREETINGS: Record<string, string> = {
  spanish: '¡Hola! Soy {name}. ¿En qué puedo ayudarte?',
  french: 'Bonjour ! Je suis {name}. Comment puis-je vous aider ?',
  german: 'Hallo! Ich bin {name}. Wie kann ich helfen?',
  italian: 'Ciao! Sono {name}. Come posso aiutarti?',
};
const FILLER = new Set(
  'get set fetch lookup look up find check query search do make create current the a an of for to by tool api info data run call transfer agent with and or is are what my your'.split(
    ' ',
  ),
);

/** Placeholder transcripts look like `[speech 1.4 s]`. */
export const isPlaceholder = (text: string): boolean => /^\[speech [\d.]+ s\]$/.test(text.trim());

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const stem = (w: string): string => w.replace(/(es|s)$/, '');

function handoffTarget(tool: ProtocolTool, text: string): boolean {
  const agent = tool.name.slice('transfer_to_'.length).toLowerCase();
  const agentWords = words(agent.replace(/_/g, ' ')).filter((w) => !FILLER.has(w));
  const said = new Set(words(text));
  if (agentWords.some((w) => said.has(w))) return true;
  for (const [lang, names] of Object.entries(LANGUAGES)) {
    const relevant = agentWords.includes(lang) || (tool.description ?? '').toLowerCase().includes(lang);
    if (relevant && names.some((n) => text.toLowerCase().includes(n))) return true;
  }
  return false;
}

function toolScore(tool: ProtocolTool, text: string): number {
  const lower = text.toLowerCase();
  if (lower.includes(tool.name.toLowerCase()) || lower.includes(tool.name.replace(/_/g, ' ').toLowerCase()))
    return 10;
  const said = new Set(words(text).map(stem));
  const nameWords = words(tool.name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2')).filter(
    (w) => !FILLER.has(w),
  );
  const nameHits = nameWords.filter((w) => said.has(stem(w))).length;
  if (nameHits) return 5 + nameHits;
  const descWords = new Set(
    words(tool.description ?? '')
      .filter((w) => w.length >= 5 && !FILLER.has(w))
      .map(stem),
  );
  const descHits = [...descWords].filter((w) => said.has(w)).length;
  return descHits >= 2 ? descHits : 0;
}

function callOf(tool: ProtocolTool, text: string): BrainReply {
  const args = tool.name.startsWith('transfer_to_') ? {} : argumentsFromSchema(tool.parameters, text);
  return { outputs: [{ type: 'function_call', name: tool.name, arguments: JSON.stringify(args) }] };
}

function answerToolOutput(conversation: readonly Item[], output: Item, instructions: string): string {
  const callId = (output as { call_id?: string }).call_id;
  const call = conversation.find(
    (i) => i.type === 'function_call' && (i as { call_id?: string }).call_id === callId,
  ) as { name?: string } | undefined;
  const raw = String((output as { output?: unknown }).output ?? '');
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {}
  if (
    parsed &&
    typeof parsed === 'object' &&
    typeof (parsed as { assistant?: unknown }).assistant === 'string'
  ) {
    const name = (parsed as { assistant: string }).assistant;
    const lang = Object.keys(GREETINGS).find((l) => instructions.toLowerCase().includes(l));
    return (lang ? GREETINGS[lang]! : 'Hi, this is {name}. How can I help?').replace('{name}', name);
  }
  const summary = typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
  const short = summary.length > 200 ? `${summary.slice(0, 200)}…` : summary;
  return call?.name ? `Here is what ${call.name} returned: ${short}` : `The tool returned: ${short}`;
}

/** "What did I say before / earlier / last?" */
const ASKS_EARLIER = /\bwhat did i (?:just )?say\b(?: (?:before|earlier|last|previously))?/i;

/**
 * Create the default brain.
 * @example await startEmulator({ brain: createDefaultBrain() }); // same as the default
 */
export function createDefaultBrain(): Brain {
  return {
    respond(input: BrainInput): BrainReply {
      const { conversation, tools, toolChoice } = input;
      const last = conversation.at(-1);
      if (last?.type === 'function_call_output') {
        return {
          outputs: [{ type: 'message', text: answerToolOutput(conversation, last, input.instructions) }],
        };
      }
      const text = lastUserText(conversation);
      if (text === null) return { outputs: [{ type: 'message', text: 'Hello! How can I help you today?' }] };
      if (isPlaceholder(text)) {
        return {
          outputs: [
            {
              type: 'message',
              text: "I heard you speak, but this emulator has no transcriber, so I can't tell what you said.",
            },
          ],
        };
      }
      // Memory: what the server's conversation holds (a re-seeded one included) answers this.
      if (ASKS_EARLIER.test(text)) {
        const earlier = userTexts(conversation).slice(0, -1).at(-1);
        return {
          outputs: [
            {
              type: 'message',
              text: earlier
                ? `Before that you said: "${earlier.trim()}".`
                : 'You have not said anything before this.',
            },
          ],
        };
      }
      if (toolChoice !== 'none' && tools.length) {
        if (typeof toolChoice === 'object' && toolChoice.type === 'function') {
          const forced = tools.find((t) => t.name === toolChoice.name);
          if (forced) return callOf(forced, text);
        }
        const handoff = tools.find((t) => t.name.startsWith('transfer_to_') && handoffTarget(t, text));
        if (handoff) return callOf(handoff, text);
        const scored = tools
          .filter((t) => !t.name.startsWith('transfer_to_'))
          .map((t) => ({ t, score: toolScore(t, text) }))
          .sort((a, b) => b.score - a.score);
        if (scored[0] && scored[0].score > 0) return callOf(scored[0].t, text);
        if (toolChoice === 'required') return callOf(scored[0]?.t ?? tools[0]!, text);
      }
      const quoted = text.length > 160 ? `${text.slice(0, 160)}…` : text;
      return { outputs: [{ type: 'message', text: `You said: "${quoted.trim()}".` }] };
    },
  };
}
