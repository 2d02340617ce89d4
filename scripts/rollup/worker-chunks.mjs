// Rollup has no built-in handling for `new Worker(new URL('./x.ts', import.meta.url), ...)`. This bundles each such
// worker as its own, separate build in dist/workers/ (its own lazily loaded imports beside it) and points the URL
// at the emitted file, so the source works unbundled (web-test-runner, esbuild) and bundled alike.
// A separate build, not a chunk of the page's build: a shared chunk may be the entry itself, which defines the
// element and touches the DOM, and a worker importing it would crash.
import { basename, dirname, resolve } from 'node:path';
import { rollup } from 'rollup';

const WORKER_URL = /new\s+Worker\(\s*new\s+URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** `plugins()` gives fresh plugin instances for each worker build; `onwarn` is shared with the page's build. */
export function workerChunks({ plugins, onwarn }) {
  return {
    name: 'worker-chunks',
    async transform(code, id) {
      const calls = [...code.matchAll(WORKER_URL)];
      if (calls.length === 0) return null;
      let rewritten = code;
      for (const [call, , specifier] of calls) {
        const input = resolve(dirname(id), specifier);
        const name = basename(input).replace(/\.[cm]?[jt]s$/, '');
        const bundle = await rollup({ input, plugins: plugins(), onwarn });
        const { output } = await bundle.generate({
          format: 'es',
          entryFileNames: `${name}.js`,
          chunkFileNames: `${name}-[name]-[hash].js`,
        });
        await bundle.close();
        let entry;
        for (const file of output) {
          const source = file.type === 'chunk' ? file.code : file.source;
          const reference = this.emitFile({ type: 'asset', fileName: `workers/${file.fileName}`, source });
          if (file.type === 'chunk' && file.isEntry) entry = reference;
        }
        rewritten = rewritten.replace(call, `new Worker(new URL(import.meta.ROLLUP_FILE_URL_${entry})`);
      }
      return { code: rewritten, map: null };
    },
  };
}
