import type { TwinManifest } from '../models/manifest.js';
import type { AppsData } from '../tools/apps-data.js';
import type { ToolCall } from '../tools/tool-call.js';
import { parseReply } from '../tools/tool-line.js';
import { routeQuestion } from '../tools/router.js';
import { scriptedAnswer } from '../engines/scripted-answer.js';

/** A finished reply as the element shows it: text without any TOOL line, and the card to open, if any. */
export interface FinishedReply {
  text: string;
  call: ToolCall | null;
}

/**
 * Turns an engine's raw reply into what the visitor sees (DESIGN seam 3): the model's valid TOOL call wins,
 * the keyword router backs it up, and a reply that was nothing but a TOOL line gets the scripted answer's
 * words, so a card never arrives without a sentence.
 */
export function finishReply(raw: string, question: string, manifest: TwinManifest, apps?: AppsData): FinishedReply {
  const parsed = parseReply(raw, manifest.tools);
  const call = parsed.call ?? routeQuestion(question, manifest.tools, apps);
  const onlyToolLine = parsed.text.trim() === '' && (parsed.call !== null || parsed.dropped !== null);
  const text = onlyToolLine ? parseReply(scriptedAnswer(question, manifest), manifest.tools).text : parsed.text;
  return { text, call };
}
