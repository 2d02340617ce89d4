import type { ToolSpec } from '../models/manifest.js';

/**
 * The manifest's tool list is the single authority on which apps and params exist; the TOOL-line parser and the
 * router both ask it through these two functions, so a call neither of them could produce slips through.
 * Lookups use own properties only, so names like "constructor" or "__proto__" are never mistaken for params.
 */

export function findTool(tools: readonly ToolSpec[], app: string): ToolSpec | undefined {
  return tools.find((tool) => tool.app === app);
}

/** Why `value` may not be passed as `name` to this app, or null when it may. */
export function paramProblem(spec: ToolSpec, name: string, value: unknown): string | null {
  if (!Object.hasOwn(spec.params, name)) return `unknown param "${name}" for app "${spec.app}"`;
  if (typeof value !== 'string') return `param "${name}" must be a string`;
  const kind = spec.params[name];
  if (Array.isArray(kind) && !kind.includes(value)) return `param "${name}" must be one of: ${kind.join(', ')}`;
  return null;
}
