// What a page downloads before the chat is opened: an embed's entry script (and stylesheet, where its documented
// embed links one) plus every file those import *statically*, each gzipped on its own as a server would send it.
// Dynamic `import()`s are left out: they load only when the chat is used. The anchors are fetched from the npm
// registry with `npm pack` and measured the same way, from the browser bundle each documents for a script-tag embed.
// Last, it prints what showing the chat adds: the panel's chunk (element/chat-panel.ts) and what it imports.
//   node bench/bundle-size.mjs            (run `npm run build` first)
//   node bench/bundle-size.mjs --no-anchors   (ours only, no registry access)
//   node bench/bundle-size.mjs --files        (also list every anchor file counted)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAst } from 'rollup/parseAst';

const TARGET_BYTES = 16_000;

/** Each anchor's documented script-tag embed, as paths inside its npm package. */
const ANCHORS = [
  { name: 'deep-chat', spec: 'deep-chat@2.4.2', entries: ['dist/deepChat.bundle.js'] },
  { name: 'flowise-embed', spec: 'flowise-embed@latest', entries: ['dist/web.js'] },
  { name: '@n8n/chat', spec: '@n8n/chat@latest', entries: ['dist/chat.bundle.es.js', 'dist/style.css'] },
];

/** The relative specifiers a module imports or re-exports statically (top-level declarations only). */
function staticImports(source) {
  const specifiers = [];
  for (const node of parseAst(source).body) {
    const isStatic = ['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration'].includes(node.type);
    if (isStatic && node.source && /^\.{1,2}\//.test(node.source.value)) specifiers.push(node.source.value);
  }
  return specifiers;
}

/** Every file reached from the entries through static imports (except those in `counted`), with its raw and gzip size. */
function measure(entries, counted = []) {
  const seen = new Set(counted.map((file) => file.path));
  const files = [];
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const bytes = readFileSync(path);
    files.push({ path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    if (!/\.(c|m)?js$/.test(path)) return;
    for (const specifier of staticImports(bytes.toString('utf8'))) visit(resolve(dirname(path), specifier));
  };
  entries.forEach((entry) => visit(resolve(entry)));
  return {
    files,
    raw: files.reduce((sum, file) => sum + file.raw, 0),
    gzip: files.reduce((sum, file) => sum + file.gzip, 0),
  };
}

/** Downloads and unpacks an npm package into `dir`, returning the unpacked folder and its exact version. */
function unpack(spec, dir) {
  const args = ['pack', spec, '--json', '--pack-destination', dir];
  const output = execFileSync('npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [{ filename, version }] = JSON.parse(output);
  const folder = join(dir, filename.replace(/\.tgz$/, ''));
  execFileSync('mkdir', ['-p', folder]);
  execFileSync('tar', ['xzf', join(dir, filename), '-C', folder, '--strip-components=1']);
  return { folder, version };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

function printRow(columns) {
  console.log(
    `${columns[0].padEnd(24)}${columns
      .slice(1)
      .map((column) => column.padStart(12))
      .join('')}`,
  );
}

const verbose = process.argv.includes('--files');

function listFiles({ files }, base) {
  for (const file of files) console.log(`    ${relative(base, file.path).padEnd(44)}${kB(file.gzip).padStart(12)}`);
}

const ours = measure(['dist/twin-chat.js']);
console.log('Downloaded before the chat is opened (each file gzip -9, summed):\n');
printRow(['package', 'files', 'raw', 'gzip', '× ours']);
printRow(['twin-chat (this repo)', String(ours.files.length), kB(ours.raw), kB(ours.gzip), '1.0×']);

if (!process.argv.includes('--no-anchors')) {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-anchors-'));
  try {
    for (const anchor of ANCHORS) {
      try {
        const { folder, version } = unpack(anchor.spec, dir);
        const result = measure(anchor.entries.map((entry) => join(folder, entry)));
        const ratio = `${(result.gzip / ours.gzip).toFixed(1)}×`;
        printRow([`${anchor.name}@${version}`, String(result.files.length), kB(result.raw), kB(result.gzip), ratio]);
        if (verbose) listFiles(result, folder);
      } catch (error) {
        console.log(`${anchor.spec}: not measured (${error.message.split('\n')[0]})`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const verdict = ours.gzip <= TARGET_BYTES ? 'within' : 'OVER';
console.log(`\ntwin-chat: ${kB(ours.gzip)} gzip, ${verdict} the ${kB(TARGET_BYTES)} target. Its files:`);
listFiles(ours, '.');

// The panel is what a shown chat adds: inline chats fetch it at once, a launcher when it is opened (or pointed at).
const panelChunk = readdirSync('dist/chunks').find((name) => name.startsWith('chat-panel-'));
const panel = measure([join('dist/chunks', panelChunk)], ours.files);
console.log(`\nThen, when the chat is first shown: ${kB(panel.gzip)} gzip more. Its files:`);
listFiles(panel, '.');
