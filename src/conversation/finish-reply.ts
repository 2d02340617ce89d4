import type { TwinManifest } from '../models/manifest.js';
import type { AppsData } from '../models/apps-data.js';
import type { ToolCall } from '../tools/tool-call.js';
import { cutToolFragments } from '../tools/tool-fragments.js';
import { parseReply, stripToolLines } from '../tools/tool-line.js';
import { routeQuestion } from '../tools/router.js';
import { scriptedAnswer } from '../engines/scripted-answer.js';

/** A finished reply as the element shows it: text without any TOOL line, and the card to open, if any. */
export interface FinishedReply {
  text: string;
  call: ToolCall | null;
}

/**
 * Turns an engine's raw reply into what the visitor sees (ARCHITECTURE.md, "How a question becomes a reply"): the model's valid TOOL call wins,
 * the keyword router backs it up, and a reply that was nothing but TOOL lines gets the scripted answer's
 * words, so a card never arrives without a sentence. Only the last line can be a call, but a TOOL line elsewhere
 * (a model that went on talking after its call), or broken TOOL text (tool-fragments.ts), is never shown either.
 */
export function finishReply(
  raw: string,
  question: string,
  manifest: TwinManifest,
  apps?: AppsData,
  fromModel = true,
): FinishedReply {
  const parsed = parseReply(raw, manifest.tools);
  const call = parsed.call ?? routeQuestion(question, manifest.tools, apps);
  const stripped = stripToolLines(parsed.text);
  // Broken TOOL text comes from models; the scripted engine's answers are the manifest's own words.
  const prose = fromModel ? cutToolFragments(stripped).trimEnd() : stripped;
  const hadToolLine = parsed.call !== null || parsed.dropped !== null || prose !== parsed.text;
  const text = prose.trim() === '' && hadToolLine ? stripToolLines(scriptedAnswer(question, manifest)) : prose;
  return { text, call };
}
