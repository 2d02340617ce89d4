// Times the browser's groundReply (src/honesty/grounding.ts, bundled by esbuild) in Node on a twin's eval
// replies: the one-off index build per knowledge array, then each reply with its question, in one pass (as in
// a chat: a word's first appearance costs a scan of the knowledge's vocabulary, later ones are remembered).
// Usage: node bench/grounding-speed.mjs models/<twin>/twin.json models/<twin>/eval.json …  (prints JSON lines)
import { build } from 'esbuild';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bundle = join(mkdtempSync(join(tmpdir(), 'grounding-')), 'grounding.mjs');
await build({
  entryPoints: ['src/honesty/grounding.ts'],
  bundle: true,
  format: 'esm',
  outfile: bundle,
  logLevel: 'error',
});
const { groundReply } = await import(bundle);

const [manifestPath, ...evalPaths] = process.argv.slice(2);
for (const evalPath of evalPaths) {
  // A fresh parse per eval file, so each one pays for its own index build.
  const { knowledge } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const { rows } = JSON.parse(readFileSync(evalPath, 'utf8'));
  let start = performance.now();
  groundReply('index', knowledge);
  const indexMs = performance.now() - start;
  const times = rows.map((row) => {
    start = performance.now();
    groundReply(row.reply, knowledge, undefined, row.question);
    return performance.now() - start;
  });
  const first = times[0];
  times.sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 100) / 100;
  const figures = { index_ms: indexMs, first_ms: first, median_ms: times[times.length >> 1], max_ms: times.at(-1) };
  const rounded = Object.fromEntries(Object.entries(figures).map(([name, ms]) => [name, round(ms)]));
  console.log(JSON.stringify({ eval: evalPath, replies: times.length, ...rounded }));
}
