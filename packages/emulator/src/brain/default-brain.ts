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
  type McpBrainTool,
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

/** A tool the model may call: a function tool, or a hosted MCP server's tool (`mcp` set). */
interface Candidate {
  tool: ProtocolTool;
  mcp?: McpBrainTool;
}

const asCandidate = (mcp: McpBrainTool): Candidate => ({
  tool: { type: 'function', name: mcp.name, description: mcp.description, parameters: mcp.input_schema },
  mcp,
});

function callOf(candidate: Candidate | ProtocolTool, text: string): BrainReply {
  const { tool, mcp } = 'tool' in candidate ? candidate : { tool: candidate, mcp: undefined };
  const args = tool.name.startsWith('transfer_to_') ? {} : argumentsFromSchema(tool.parameters, text);
  if (mcp)
    return {
      outputs: [
        { type: 'mcp_call', serverLabel: mcp.serverLabel, name: mcp.name, arguments: JSON.stringify(args) },
      ],
    };
  return { outputs: [{ type: 'function_call', name: tool.name, arguments: JSON.stringify(args) }] };
}

const short = (s: string): string => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

/** The answer after a hosted MCP step: a call's output or error, a denied approval, a pending one. */
function answerMcp(conversation: readonly Item[], last: Item): string | null {
  const it = last as unknown as Record<string, unknown>;
  if (it.type === 'mcp_call') {
    const error = it.error as { message?: string } | null | undefined;
    if (error) return `The ${it.name} tool failed: ${short(String(error.message ?? 'unknown error'))}`;
    return `Here is what ${it.name} returned: ${short(String(it.output ?? ''))}`;
  }
  if (it.type === 'mcp_approval_response' && it.approve === false) {
    const request = conversation.find((i) => i.id === it.approval_request_id) as
      | { name?: string }
      | undefined;
    const reason = typeof it.reason === 'string' && it.reason ? ` (${it.reason})` : '';
    return `I was not allowed to run ${request?.name ?? 'that tool'}${reason}, so I did not.`;
  }
  if (it.type === 'mcp_approval_request') return `I need your approval before I run ${it.name}.`;
  return null;
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

/** `tool_choice` including the MCP form (`{type:"mcp", server_label, name?}`). */
type ToolChoiceAny = BrainInput['toolChoice'] | { type: 'mcp'; server_label: string; name?: string };

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
      const mcpAnswer = last ? answerMcp(conversation, last) : null;
      if (mcpAnswer) return { outputs: [{ type: 'message', text: mcpAnswer }] };
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
      const mcpTools = (input.mcpTools ?? []).map(asCandidate);
      if (toolChoice !== 'none' && (tools.length || mcpTools.length)) {
        const choice = toolChoice as ToolChoiceAny;
        if (typeof choice === 'object' && choice.type === 'function') {
          const forced = tools.find((t) => t.name === choice.name);
          if (forced) return callOf(forced, text);
        }
        const handoff = tools.find((t) => t.name.startsWith('transfer_to_') && handoffTarget(t, text));
        if (handoff) return callOf(handoff, text);
        let candidates: Candidate[] = [
          ...tools.filter((t) => !t.name.startsWith('transfer_to_')).map((tool) => ({ tool })),
          ...mcpTools,
        ];
        if (typeof choice === 'object' && choice.type === 'mcp') {
          candidates = mcpTools.filter(
            (c) =>
              c.mcp?.serverLabel === choice.server_label && (!choice.name || c.tool.name === choice.name),
          );
          if (candidates.length === 1) return callOf(candidates[0]!, text);
        }
        const scored = candidates
          .map((c) => ({ c, score: toolScore(c.tool, text) }))
          .sort((a, b) => b.score - a.score);
        if (scored[0] && scored[0].score > 0) return callOf(scored[0].c, text);
        const forcedAny = toolChoice === 'required' || (typeof choice === 'object' && choice.type === 'mcp');
        if (forcedAny && (scored[0] || tools[0])) return callOf(scored[0]?.c ?? tools[0]!, text);
      }
      const quoted = text.length > 160 ? `${text.slice(0, 160)}…` : text;
      return { outputs: [{ type: 'message', text: `You said: "${quoted.trim()}".` }] };
    },
  };
}
