// Checks that `npm pack` ships exactly what a user needs: the built script and its lazy chunks, the demo twin the
// default registry points at, the types, custom-elements.json, README and licence — and nothing else.
// Needs a build first:  npm run build && node --test test/package/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const packOutput = execFileSync('npm', ['pack', '--dry-run', '--json'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
});
const packed = JSON.parse(packOutput);
const files = new Set(packed[0].files.map((file) => file.path));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('the package holds the script, types, element manifest, README, default registry and ORT wasm', () => {
  for (const required of [
    'package.json',
    'README.md',
    'custom-elements.json',
    'dist/twin-chat.js',
    'dist/twin-chat.d.ts',
    'dist/assets/models/registry.json',
    'dist/assets/twin-chat-assets.json',
    'dist/assets/ort-wasm-simd-threaded.wasm',
    'dist/assets/ort-wasm-simd-threaded.mjs',
  ]) {
    assert.ok(files.has(required), `${required} is missing from the package`);
  }
});

test('nothing outside dist/ ships except the package metadata files', () => {
  const allowed = /^(dist\/|package\.json$|README\.md$|LICEN[CS]E(\.md|\.txt)?$|custom-elements\.json$)/;
  const stray = [...files].filter((path) => !allowed.test(path));
  assert.deepEqual(stray, [], 'files that users do not need');
  const maps = [...files].filter((path) => path.endsWith('.map'));
  assert.deepEqual(maps, [], 'source maps would point at sources that do not ship');
});

test('every chunk and worker the script loads ships, and no stale one does', () => {
  const scripts = [...files].filter((path) => /^dist\/((chunks|assets)\/)?[^/]+\.js$/.test(path));
  const shipped = new Set(scripts.map((path) => path.split('/').pop()));
  const code = scripts.map((path) => readFileSync(path, 'utf8')).join('\n');
  const imported = code.matchAll(/["'](?:\.\.?\/)+(?:(?:chunks|assets)\/)?([\w.-]+\.js)["']/g);
  // The workers are started by name from the assets folder (src/worker/worker-script.ts).
  const started = ['engine-worker.js', 'speech-worker.js'];
  const referenced = new Set([...[...imported].map((match) => match[1]), ...started]);
  // The entries: the browser's script, the server's and the Vite plugin (package.json's exports).
  const entries = ['dist/twin-chat.js', 'dist/server.js', 'dist/vite.js'];
  for (const path of scripts.filter((path) => !entries.includes(path))) {
    assert.ok(referenced.has(path.split('/').pop()), `${path} is not loaded by anything`);
  }
  for (const name of referenced) assert.ok(shipped.has(name), `${name} is loaded but not shipped`);
  for (const worker of started) assert.ok(files.has(`dist/assets/${worker}`), `${worker} is not bundled`);
});

test('installing the package fetches nothing more and runs no script: dist/ holds everything', () => {
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'runtime dependencies');
  assert.deepEqual(Object.keys(pkg.optionalDependencies ?? {}), [], 'optional dependencies');
  const installHooks = ['preinstall', 'install', 'postinstall', 'prepare'].filter((hook) => pkg.scripts?.[hook]);
  assert.deepEqual(installHooks, [], 'install scripts');
});

test('every twin the shipped registry lists ships with its manifest and app data', () => {
  const registry = JSON.parse(readFileSync('dist/assets/models/registry.json', 'utf8'));
  assert.ok(registry.length > 0);
  for (const { id, manifest } of registry) {
    const path = `dist/assets/models/${manifest}`;
    assert.ok(files.has(path), `${id}: ${path} is missing`);
    const twin = JSON.parse(readFileSync(path, 'utf8'));
    if (twin.apps) assert.ok(files.has(new URL(twin.apps, `file:///${path}`).pathname.slice(1)), `${id}: apps missing`);
  }
});

test("package.json's entry points and custom-elements.json point at shipped files", () => {
  const targets = [
    pkg.main,
    pkg.module,
    pkg.types,
    pkg.exports['.'].types,
    pkg.exports['.'].node,
    pkg.exports['.'].default,
    pkg.customElements,
  ];
  for (const target of targets) {
    assert.ok(files.has(target.replace(/^\.\//, '')), `${target} is not in the package`);
  }
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const definitions = manifest.modules.flatMap((module) =>
    (module.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => [e.name, module.path]),
  );
  assert.deepEqual(definitions, [['twin-chat', 'dist/twin-chat.js']]);
});

test('custom-elements.json documents the public API of the element', () => {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const element = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((d) => d.tagName === 'twin-chat');
  const names = (list) => new Set((list ?? []).map((item) => item.name));
  const missing = (expected, list) => expected.filter((name) => !names(list).has(name));
  const attributes = [
    'model',
    'registry',
    'apps',
    'engine',
    'banner',
    'placeholder',
    'max-history',
    'asset-base',
    'mode',
  ];
  attributes.push('speech', 'auto-send', 'speech-model', 'speech-dtype');
  attributes.push('grounded-label', 'improvised-label', 'grounding-threshold');
  const events = ['twin-message', 'twin-tool', 'twin-engine', 'twin-progress', 'twin-error'];
  // The element's JSDoc (@csspart, @cssprop, @fires) is where the analyzer finds these.
  const parts = ['panel', 'header', 'banner', 'model-picker', 'log', 'message', 'user', 'twin', 'card', 'composer'];
  parts.push('input', 'send', 'stop', 'mic', 'speaker', 'progress', 'notice');
  parts.push('provenance', 'grounded', 'improvised', 'provenance-note');
  assert.deepEqual(missing(attributes, element.attributes), [], 'attributes');
  assert.deepEqual(missing(events, element.events), [], 'events (@fires)');
  assert.deepEqual(missing(parts, element.cssParts), [], 'parts (@csspart)');
  assert.ok(
    (element.cssProperties ?? []).some((p) => p.name.startsWith('--twin-')),
    'custom properties (@cssprop)',
  );
});
