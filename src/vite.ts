/**
 * The package in a Vite config (`import { twinChatAssets } from 'twin-chat/vite'`): a plugin that copies the
 * element's assets folder (the workers, ONNX Runtime's wasm, the default registry) into the app's public/ folder,
 * which the dev server serves and the build copies as it is; the element finds them through `asset-base`
 * (README, "Bundlers"). Runs in Node, never in a page.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The part of Vite's plugin interface this uses, so the package needs no Vite types. */
export interface TwinChatAssetsPlugin {
  name: string;
  configResolved(config: { publicDir: string }): void;
}

/** Copies the assets into `<publicDir>/<folder>/`; the element then takes `asset-base="/<folder>/"`. */
export function twinChatAssets(folder = 'twin-chat'): TwinChatAssetsPlugin {
  // Beside this file in dist/, as the element's default assets are beside its script.
  const assets = fileURLToPath(new URL('./assets/', import.meta.url));
  return {
    name: 'twin-chat-assets',
    configResolved({ publicDir }) {
      cpSync(assets, join(publicDir, folder), { recursive: true });
    },
  };
}
