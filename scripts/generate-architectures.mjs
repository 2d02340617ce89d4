#!/usr/bin/env node
// `node scripts/generate-architectures.mjs [--check]`: writes src/models/architectures.ts from the one list of
// architectures both halves support, finetune/twin_finetune/architectures.json (the pipeline reads the JSON itself).
// With --check it writes nothing and fails if the TypeScript is not what the JSON makes; `npm test` runs that.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE = 'finetune/twin_finetune/architectures.json';
const TARGET = 'src/models/architectures.ts';

const architectures = JSON.parse(readFileSync(join(ROOT, SOURCE), 'utf8'));
const module = `// Generated from ${SOURCE} by scripts/generate-architectures.mjs:
// edit the JSON, then run the script.

/** The model types both halves support: the pipeline exports them, the engines run them (SmolLM2, Qwen2.5). */
export const ARCHITECTURES = [${architectures.map((name) => `'${name}'`).join(', ')}] as const;

export type Architecture = (typeof ARCHITECTURES)[number];
`;

if (!process.argv.includes('--check')) writeFileSync(join(ROOT, TARGET), module);
else if (readFileSync(join(ROOT, TARGET), 'utf8') !== module) {
  console.error(`${TARGET} is not what ${SOURCE} makes: run node scripts/generate-architectures.mjs`);
  process.exit(1);
} else console.log(`${TARGET} matches ${SOURCE}`);
