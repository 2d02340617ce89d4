#!/usr/bin/env node
// `node scripts/check-imports.mjs`: holds src/'s imports against the folder table in ARCHITECTURE.md, so the
// dependency order written there is the one the code has. It fails on an import the table does not allow, on a
// table that lets a folder import one above it, on a folder the table leaves out, and on any circle of files or of
// folders. Every kind of import counts: static, type-only and dynamic `import()`. (A worker is started by name from
// worker/worker-script.ts, inside worker/ itself.)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']+)'/g;

/** Every .ts file under src/, as a path relative to src/. */
function sourceFiles(folder = SRC) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** file → the files it imports, all relative to src/. */
function importGraph(files) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map(([, module]) =>
      relative(SRC, resolve(SRC, dirname(file), module)).replace(/\.js$/, '.ts'),
    );
    for (const target of targets)
      if (!known.has(target)) throw new Error(`${file} imports ${target}, which is not in src/`);
    graph.set(file, new Set(targets));
  }
  return graph;
}

/** The folder table: rows whose first cell is a `folder/` (or `index.ts`) and whose last cell names what it may import. */
function folderTable() {
  const rows = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8')
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells.length >= 4 && /^`[^`]+`$/.test(cells[1]));
  return rows.map((cells) => ({
    folder: cells[1].slice(1, -1).replace(/\/$/, ''),
    mayImport: [...cells.at(-2).matchAll(/`([^`]+)\/`/g)].map(([, folder]) => folder),
  }));
}

/** The top folder a file belongs to: `element` for element/cards/card-dom.ts, `index.ts` for the entry. */
const topFolder = (file) => (file.includes('/') ? file.split('/')[0] : file);

/** Tarjan's strongly connected components with more than one member (or a member that imports itself). */
function circles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The same graph one level up: folder → folders its files import (a folder's own files left out). */
function folderGraph(graph) {
  const folders = new Map();
  for (const [file, targets] of graph) {
    const from = dirname(file);
    if (!folders.has(from)) folders.set(from, new Set());
    for (const target of targets) if (dirname(target) !== from) folders.get(from).add(dirname(target));
  }
  return folders;
}

const files = sourceFiles();
const graph = importGraph(files);
const table = folderTable();
const problems = [];

const position = new Map(table.map(({ folder }, row) => [folder, row]));
for (const { folder, mayImport } of table) {
  for (const allowed of mayImport) {
    if (!position.has(allowed)) problems.push(`ARCHITECTURE.md lets ${folder}/ import ${allowed}/, which has no row`);
    else if (position.get(allowed) <= position.get(folder)) {
      problems.push(`ARCHITECTURE.md lets ${folder}/ import ${allowed}/, which is not below it`);
    }
  }
}
for (const folder of new Set(files.map(topFolder))) {
  if (!position.has(folder)) problems.push(`src/${folder} has no row in ARCHITECTURE.md's folder table`);
}
const allowed = new Map(table.map(({ folder, mayImport }) => [folder, new Set(mayImport)]));
let imports = 0;
for (const [file, targets] of graph) {
  for (const target of targets) {
    imports++;
    const [from, to] = [topFolder(file), topFolder(target)];
    if (from !== to && !allowed.get(from)?.has(to))
      problems.push(`src/${file} imports src/${target}: ${from} may not import ${to}/`);
  }
}
for (const circle of circles(graph))
  problems.push(`a circle of files: ${circle.map((file) => `src/${file}`).join(', ')}`);
for (const circle of circles(folderGraph(graph)))
  problems.push(`a circle of folders: ${circle.map((folder) => `src/${folder}/`).join(', ')}`);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `${files.length} files, ${imports} imports: every import follows ARCHITECTURE.md; no circle of files or folders`,
);
