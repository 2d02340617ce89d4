import { ARCHITECTURES } from './architectures.js';
import { fetchJson } from './fetch-json.js';
import { LoadError } from './load-error.js';
import type { TwinManifest } from './manifest.js';

const SAMPLING_FIELDS = ['temperature', 'top_p', 'repetition_penalty', 'max_new_tokens'];
const TEXT_FIELDS = ['id', 'label', 'person', 'base', 'system', 'greeting'];
/** Enough problems to fix the file without flooding the notice. */
const MAX_PROBLEMS_SHOWN = 3;

/** Fetches a twin manifest and checks it against the shape in manifest.ts (ARCHITECTURE.md, "The manifest"). */
export async function loadManifest(url: URL, signal?: AbortSignal): Promise<TwinManifest> {
  return validateManifest(await fetchJson('manifest', url, signal), url);
}

/**
 * Returns the manifest unchanged when it has every field the browser relies on, else throws a LoadError that
 * lists what is wrong, field by field, and which URL it came from.
 */
export function validateManifest(json: unknown, url: URL): TwinManifest {
  const problems = manifestProblems(json);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ');
    const more = problems.length > MAX_PROBLEMS_SHOWN ? ` (and ${problems.length - MAX_PROBLEMS_SHOWN} more)` : '';
    throw new LoadError('manifest-invalid', `The manifest at ${url.href} is not a valid twin manifest: ${shown}${more}.`);
  }
  return json as TwinManifest;
}

function manifestProblems(json: unknown): string[] {
  if (!isObject(json)) return ['it is not a JSON object'];
  const problems: string[] = [];
  if (json.schema !== 1) problems.push('"schema" must be 1');
  for (const field of TEXT_FIELDS) {
    if (typeof json[field] !== 'string') problems.push(`"${field}" must be a string`);
  }
  if (!(ARCHITECTURES as readonly unknown[]).includes(json.architecture)) {
    problems.push(`"architecture" must be one of ${ARCHITECTURES.join(', ')}`);
  }
  if (typeof json.context_window !== 'number') problems.push('"context_window" must be a number');
  const sampling = json.sampling;
  if (!isObject(sampling)) problems.push('"sampling" must be an object');
  else {
    for (const field of SAMPLING_FIELDS) {
      if (typeof sampling[field] !== 'number') problems.push(`"sampling.${field}" must be a number`);
    }
  }
  if (!Array.isArray(json.tools) || !json.tools.every(isToolSpec)) {
    problems.push('"tools" must be a list of {"app": string, "params": {name: "string" | [values]}}');
  }
  if (json.apps !== undefined && typeof json.apps !== 'string') problems.push('"apps" must be a URL string');
  if (json.suggestions !== undefined && !isStringList(json.suggestions))
    problems.push('"suggestions" must be a list of strings');
  if (!isObject(json.builds)) problems.push('"builds" must be an object');
  if (!Array.isArray(json.knowledge) || !json.knowledge.every(isKnowledgeEntry)) {
    problems.push('"knowledge" must be a list of {"q": [strings], "a": string}');
  }
  return problems;
}

function isToolSpec(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.app === 'string' &&
    isObject(value.params) &&
    Object.values(value.params).every((kind) => kind === 'string' || isStringList(kind))
  );
}

function isKnowledgeEntry(value: unknown): boolean {
  return isObject(value) && isStringList(value.q) && typeof value.a === 'string';
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
