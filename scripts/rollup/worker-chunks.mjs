// Bundles each worker the element starts (src/worker/worker-script.ts names them) as its own, separate build in
// the assets folder, its lazily loaded imports beside it, and swaps worker-script.ts for a version that starts
// them from `asset-base`. Unbundled (web-test-runner) the source starts each worker from its TypeScript instead.
// A separate build, not a chunk of the page's build: a shared chunk may be the entry itself, which defines the
// element and touches the DOM, and a worker importing it would crash. And started from `asset-base`, not from a
// URL relative to the script: an app's bundler rebundles `new Worker(new URL(…, import.meta.url))` into a worker
// that cannot find its own chunks, where a URL built at run time is left alone (README, "Bundlers").
import { dirname, resolve } from 'node:path';
import { rollup } from 'rollup';

const WORKER_SCRIPT = resolve('src/worker/worker-script.ts');
/** A module id of the build's own, which the TypeScript plugin leaves alone. */
const BUILT_ID = '\0worker-script';
const WORKERS = ['engine-worker', 'speech-worker'];
const BUILT_WORKER_SCRIPT =
  'export function workerScript(name, assetBase) { return new URL(`${name}.js`, assetBase); }\n';

/** `plugins()` gives fresh plugin instances for each worker build; `onwarn` is shared with the page's build. */
export function workerChunks({ plugins, onwarn, assets = 'assets' }) {
  return {
    name: 'worker-chunks',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('/worker-script.js')) return null;
      return resolve(dirname(importer), source.replace(/\.js$/, '.ts')) === WORKER_SCRIPT ? BUILT_ID : null;
    },
    async load(id) {
      if (id !== BUILT_ID) return null;
      for (const name of WORKERS) {
        const bundle = await rollup({ input: resolve(`src/worker/${name}.ts`), plugins: plugins(), onwarn });
        const { output } = await bundle.generate({
          format: 'es',
          entryFileNames: `${name}.js`,
          chunkFileNames: `${name}-[name]-[hash].js`,
        });
        await bundle.close();
        for (const file of output) {
          const source = file.type === 'chunk' ? file.code : file.source;
          this.emitFile({ type: 'asset', fileName: `${assets}/${file.fileName}`, source });
        }
      }
      return BUILT_WORKER_SCRIPT;
    },
  };
}
