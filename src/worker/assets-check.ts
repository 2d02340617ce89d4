import { LoadError } from '../models/load-error.js';

/** The file the build writes into the assets folder (scripts/rollup/assets-marker.mjs), so it can be recognised. */
export const ASSETS_MARKER = 'twin-chat-assets.json';

/** One check per folder for the whole page; a failed one is forgotten, so a later load looks again. */
const checks = new Map<string, Promise<void>>();

/**
 * Makes sure `asset-base` is a folder of twin-chat's assets before anything is started from it. When it is not, an
 * app's bundler has usually moved the script away from them: the error says so once, naming `asset-base`, instead
 * of a worker failing without a word and the chat quietly answering from its script (README, "Bundlers").
 */
export function checkAssets(assetBase: URL, signal?: AbortSignal): Promise<void> {
  let check = checks.get(assetBase.href);
  if (!check) {
    check = findMarker(assetBase, signal);
    checks.set(assetBase.href, check);
    check.catch(() => checks.delete(assetBase.href));
  }
  return check;
}

async function findMarker(assetBase: URL, signal: AbortSignal | undefined): Promise<void> {
  if (assetBase.protocol !== 'https:' && assetBase.protocol !== 'http:') {
    throw missing(assetBase, `a ${assetBase.protocol} URL, which a page cannot load workers from`);
  }
  const url = new URL(ASSETS_MARKER, assetBase);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw missing(assetBase, `${url.href} could not be reached (${String(error)})`);
  }
  if (!response.ok) throw missing(assetBase, `${url.href} answered HTTP ${response.status}`);
  const marker: unknown = await response.json().catch(() => undefined);
  if ((marker as { name?: unknown } | undefined)?.name !== 'twin-chat') {
    throw missing(assetBase, `${url.href} is not twin-chat's`);
  }
}

function missing(assetBase: URL, why: string): LoadError {
  return new LoadError(
    'assets-unreachable',
    `twin-chat's assets (its workers, ONNX Runtime's wasm, the default registry) are not at ${assetBase.href}: ` +
      `${why}. If a bundler built this page, copy the package's dist/assets/ folder to the site and set the ` +
      'asset-base attribute to its URL.',
  );
}
