import type { ToolSpec } from '../models/manifest.js';
import type { ToolCall } from './tool-call.js';
import { cutToolFragmentsWhileStreaming } from './tool-fragments.js';
import { findTool, paramProblem } from './tool-spec.js';

/**
 * The TOOL line (ARCHITECTURE.md, "The TOOL line"): a reply may end with one line `TOOL {"app":"<name>","params":{...}}`.
 * Model output is untrusted, so everything here validates against the manifest's tools and never throws.
 */

export interface ParsedReply {
  /** The reply without its final TOOL line, trailing whitespace trimmed. */
  text: string;
  /** The validated call, or null when there was none or it was dropped. */
  call: ToolCall | null;
  /** Why a final TOOL line was dropped (for a debug notice), or null. */
  dropped: string | null;
}

/** "TOOL" as a whole word at the start of a line: `TOOLS are fun` is prose, `TOOL {…}` and `TOOL: x` are not. */
const TOOL_LINE = /^\s*TOOL(?![\p{L}\p{N}_])/u;

export function parseReply(raw: string, tools: readonly ToolSpec[]): ParsedReply {
  const reply = raw.trimEnd();
  const lineStart = reply.lastIndexOf('\n') + 1;
  const lastLine = reply.slice(lineStart);
  if (!TOOL_LINE.test(lastLine)) return { text: reply, call: null, dropped: null };

  const text = reply.slice(0, lineStart).trimEnd();
  const json = lastLine.trim().slice('TOOL'.length);
  const checked = checkCall(json, tools);
  return typeof checked === 'string'
    ? { text, call: null, dropped: checked }
    : { text, call: { ...checked, source: 'model' }, dropped: null };
}

/** The app and params the JSON names, or why they are not acceptable. */
function checkCall(json: string, tools: readonly ToolSpec[]): Omit<ToolCall, 'source'> | string {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return 'malformed JSON';
  }
  if (!isPlainObject(body)) return 'not a JSON object';
  const extra = Object.keys(body).find((key) => key !== 'app' && key !== 'params');
  if (extra !== undefined) return `unexpected field "${extra}"`;
  if (typeof body.app !== 'string') return 'missing app';
  const spec = findTool(tools, body.app);
  if (!spec) return `unknown app "${body.app}"`;
  const params = body.params ?? {};
  if (!isPlainObject(params)) return 'params must be an object';
  for (const [name, value] of Object.entries(params)) {
    const problem = paramProblem(spec, name, value);
    if (problem) return problem;
  }
  // Object.fromEntries defines own properties, so even a "__proto__" key could never touch a prototype.
  return { app: spec.app, params: Object.fromEntries(Object.entries(params)) as Record<string, string> };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What to show of a reply that is still streaming. The last line is hidden while it is, or could still grow
 * into, a TOOL line (`T`, `TOO`, `TOOL {"ap`…), so a TOOL line never flashes on screen before it is parsed;
 * finished TOOL lines above it are hidden as finishReply hides them. From a model, so is broken TOOL text, even
 * while it may only be starting (tool-fragments.ts); the scripted engine's answers are the manifest's own words.
 */
export function visibleWhileStreaming(partial: string, fromModel = true): string {
  const lineStart = partial.lastIndexOf('\n') + 1;
  const lastLine = partial.slice(lineStart).trimStart();
  const mayBeToolLine = 'TOOL'.startsWith(lastLine) || TOOL_LINE.test(lastLine);
  const prose = withoutToolLines(mayBeToolLine ? partial.slice(0, lineStart).trimEnd() : partial);
  return fromModel ? cutToolFragmentsWhileStreaming(prose) : prose;
}

/** Removes every TOOL line, so history shows the model prose only (as in training) and never replays a call. */
export function stripToolLines(text: string): string {
  return withoutToolLines(text).trimEnd();
}

function withoutToolLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !TOOL_LINE.test(line))
    .join('\n');
}
