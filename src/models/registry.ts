import { fetchJson } from './fetch-json.js';
import { LoadError } from './load-error.js';
import type { RegistryEntry } from './manifest.js';

/** A registry line with its manifest URL made absolute against the registry's own URL. */
export interface ResolvedEntry {
  id: string;
  label: string;
  manifestUrl: URL;
}

/** Fetches a registry (a JSON array of `{id, label?, manifest}`) and resolves every manifest URL against it. */
export async function loadRegistry(url: URL, signal?: AbortSignal): Promise<ResolvedEntry[]> {
  return parseRegistry(await fetchJson('registry', url, signal), url);
}

/** Checks a registry document line by line, so a typo names the line that has it. */
export function parseRegistry(json: unknown, url: URL): ResolvedEntry[] {
  const fail = (problem: string): never => {
    throw new LoadError('registry-invalid', `The registry at ${url.href} ${problem}.`);
  };
  if (!Array.isArray(json)) fail('is not a JSON array of {"id", "manifest"} entries');
  const entries: ResolvedEntry[] = [];
  (json as unknown[]).forEach((line, index) => {
    const entry = line as Partial<RegistryEntry> | null;
    if (typeof entry?.id !== 'string' || entry.id === '') fail(`has no "id" string in entry ${index + 1}`);
    if (typeof entry?.manifest !== 'string' || entry.manifest === '') {
      fail(`has no "manifest" URL in entry ${index + 1}`);
    }
    if (entry?.label !== undefined && typeof entry.label !== 'string') fail(`has a "label" that is not a string in entry ${index + 1}`);
    const { id, label, manifest } = entry as RegistryEntry;
    if (entries.some((known) => known.id === id)) fail(`lists the id "${id}" twice`);
    let manifestUrl: URL;
    try {
      manifestUrl = new URL(manifest, url);
    } catch {
      return fail(`has a manifest URL that cannot be parsed in entry ${index + 1}`);
    }
    entries.push({ id, label: label?.trim() || id, manifestUrl });
  });
  return entries;
}

/** Finds the entry for a model id, or explains which ids the registry does have. */
export function findEntry(entries: readonly ResolvedEntry[], id: string, registryUrl: URL): ResolvedEntry {
  const entry = entries.find((candidate) => candidate.id === id);
  if (entry) return entry;
  const known = entries.map((candidate) => `"${candidate.id}"`).join(', ') || 'none';
  throw new LoadError(
    'unknown-model',
    `There is no model "${id}" in the registry at ${registryUrl.href} (it lists: ${known}).`,
  );
}
