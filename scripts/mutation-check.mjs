#!/usr/bin/env node
// `node scripts/mutation-check.mjs [--only <text>] [--keep]`: breaks each feature in scripts/mutation-check/
// mutations.mjs, one at a time, in a scratch copy of the working tree, runs only the tests that claim it, and
// prints "caught" or "survived" per row. A row counts as caught only if its tests also pass unmutated. Slow (a
// browser or pytest run per row, twice); not part of `npm test`. Exits non-zero unless every row is caught.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MUTATIONS } from './mutation-check/mutations.mjs';
import { runClaims } from './mutation-check/run-claims.mjs';
import { scratchCopy } from './mutation-check/scratch-copy.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values: options } = parseArgs({ options: { only: { type: 'string' }, keep: { type: 'boolean' } } });

/** Applies a row's edits; returns a function that puts every file back. Throws if a text is not there exactly once. */
function mutate(scratch, edits) {
  const originals = new Map();
  for (const [file, find, replace] of edits) {
    const path = join(scratch, file);
    const text = readFileSync(path, 'utf8');
    const count = text.split(find).length - 1;
    if (count !== 1) throw new Error(`${file} holds ${JSON.stringify(find)} ${count} times, not once`);
    if (!originals.has(path)) originals.set(path, text);
    writeFileSync(
      path,
      text.replace(find, () => replace),
    );
  }
  return () => originals.forEach((text, path) => writeFileSync(path, text));
}

/** Keeps a run's output beside the scratch copy (which is deleted), so a surprising verdict can be read. */
function saveLog(scratch, name, phase, output) {
  const folder = `${scratch}-logs`;
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name.replace(/\W+/g, '-')}-${phase}.log`);
  writeFileSync(path, output);
  return path;
}

async function check(scratch, { name, edits, claims }) {
  const unmutated = await runClaims(scratch, claims);
  if (!unmutated.passed)
    return { verdict: 'fails unmutated', log: saveLog(scratch, name, 'unmutated', unmutated.output) };
  let restore;
  try {
    restore = mutate(scratch, edits);
  } catch (error) {
    return { verdict: `not applied (${error.message})` };
  }
  try {
    const mutated = await runClaims(scratch, claims);
    return { verdict: mutated.passed ? 'survived' : 'caught', log: saveLog(scratch, name, 'mutated', mutated.output) };
  } finally {
    restore();
  }
}

const rows = MUTATIONS.filter(({ name }) => !options.only || name.includes(options.only));
const scratch = scratchCopy(ROOT);
console.log(`scratch copy: ${scratch}`);
const verdicts = [];
try {
  for (const row of rows) {
    const { verdict, log } = await check(scratch, row);
    verdicts.push(verdict);
    console.log(
      `${verdict.padEnd(9)}  ${row.name} — ${row.claim}${verdict === 'caught' || !log ? '' : ` (log: ${log})`}`,
    );
  }
} finally {
  if (!options.keep) rmSync(scratch, { recursive: true, force: true });
}
const caught = verdicts.filter((verdict) => verdict === 'caught').length;
console.log(`${caught} of ${rows.length} mutations caught`);
process.exitCode = caught === rows.length ? 0 : 1;
