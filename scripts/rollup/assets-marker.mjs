// Writes twin-chat-assets.json into the assets folder: the element fetches it before starting anything from
// `asset-base`, so a folder without twin-chat's assets is named in one clear error (src/worker/assets-check.ts).
import { readFileSync } from 'node:fs';

/** The marker's text; the test server serves the same beside ONNX Runtime's files, its `asset-base`. */
export function assetsMarker() {
  const { name, version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return `${JSON.stringify({ name, version })}\n`;
}

export function assetsMarkerFile({ assets = 'assets' } = {}) {
  return {
    name: 'assets-marker',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: `${assets}/twin-chat-assets.json`, source: assetsMarker() });
    },
  };
}
