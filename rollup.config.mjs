// Builds the one-script embed: dist/twin-chat.js registers <twin-chat>; anything it loads with `import()` (the
// panel, engines, speech, built-in cards) becomes a lazily loaded chunk in dist/chunks/, so pages pay for those
// only when the chat is used. Beside the script goes dist/assets/, the default `asset-base`: everything fetched at
// run time that is not the element's own code, which an app's bundler must leave alone: the engine and speech
// workers (separate bundles), ORT's wasm, the demo twin with the default registry, and the marker that lets the
// element recognise the folder (src/engines/asset-base.ts).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { cleanOutput } from './scripts/rollup/clean-output.mjs';
import { assetsMarkerFile } from './scripts/rollup/assets-marker.mjs';
import { ortAssets } from './scripts/rollup/ort-assets.mjs';
import { registryTwins } from './scripts/rollup/registry-twins.mjs';
import { workerChunks } from './scripts/rollup/worker-chunks.mjs';

/** Compiles TypeScript, resolves packages for browsers and minifies: the same for the page and its workers. */
const compile = () => [
  // 'production' picks Lit's production build (no dev-mode warnings or checks) wherever a package offers one.
  nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false },
  }),
  // The element's and the panel's class names survive, so stack traces and the devtools name them.
  terser({ ecma: 2022, module: true, format: { comments: false }, keep_classnames: /^(TwinChat|ChatPanel)$/ }),
];

/** transformers.js and web-llm use `eval` and circular imports on purpose; that is not ours to fix. */
function onwarn(warning, warn) {
  const inPackage = warning.id?.includes('node_modules') || warning.ids?.[0]?.includes('node_modules');
  if (inPackage && (warning.code === 'EVAL' || warning.code === 'CIRCULAR_DEPENDENCY')) return;
  warn(warning);
}

/**
 * Two builds: the browser's script, and dist/server.js, which a server (Node, server rendering) imports instead
 * (package.json's `node` condition): the browser's script extends HTMLElement, which Node does not have.
 */
const browser = {
  input: 'src/index.ts',
  // Lets the entry export internals that lazy chunks share with it. Without this, Rollup moves the whole element
  // into a chunk behind a re-exporting stub: one more request before first paint, and `import.meta.url` (which
  // the assets folder is resolved against) would point into chunks/ instead of beside the script.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: 'twin-chat.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
  onwarn,
  plugins: [
    cleanOutput('dist'),
    // Before the resolvers in compile(), so that it is the one to resolve worker-script.ts.
    workerChunks({ plugins: compile, onwarn }),
    ...compile(),
    ortAssets({ to: 'dist/assets' }),
    registryTwins({ from: 'models', to: 'dist/assets/models' }),
    assetsMarkerFile(),
  ],
};

const server = {
  input: 'src/server.ts',
  output: { file: 'dist/server.js', format: 'es' },
  onwarn,
  plugins: compile(),
};

/** dist/vite.js: the plugin a Vite config imports (`twin-chat/vite`), beside dist/assets/, which it copies. */
const vite = {
  input: 'src/vite.ts',
  output: { file: 'dist/vite.js', format: 'es' },
  external: [/^node:/],
  onwarn,
  plugins: compile(),
};

export default [browser, server, vite];
