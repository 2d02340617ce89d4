// The packed package's types, as a TypeScript project that installed it (and nothing else, not Lit) sees them:
// strict, library files checked too. The element, its properties and its typed events must all be there.
// Needs a build first:  npm run build && node --test test/package/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const TSC = resolve('node_modules/.bin/tsc');
const project = mkdtempSync(join(tmpdir(), 'twin-chat-consumer-'));
after(() => rmSync(project, { recursive: true, force: true }));

const USE = `import { TwinChat, type TwinToolDetail } from 'twin-chat';
const chat = document.createElement('twin-chat');
chat.model = 'ada-twin';
chat.engine = 'wasm';
chat.addEventListener('twin-tool', (event) => {
  const detail: TwinToolDetail = event.detail;
  event.preventDefault();
  console.log(detail.app.toUpperCase(), detail.slot);
});
chat.addEventListener('twin-clear', (event) => console.log(event.detail.slots.length));
TwinChat.registerRenderer('books', () => null);
// @ts-expect-error the engine is one of the documented settings
chat.engine = 'gpu';
`;

test('a strict TypeScript project without Lit type-checks against the packed package', () => {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', project], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const installed = join(project, 'node_modules/twin-chat');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(project, filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(project, 'use.ts'), USE);
  const options = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'esnext'];
  const resolution = ['--moduleResolution', 'bundler', '--lib', 'es2022,dom'];
  try {
    execFileSync(TSC, [...options, ...resolution, 'use.ts'], { cwd: project, encoding: 'utf8' });
  } catch (error) {
    assert.fail(`tsc found errors:\n${error.stdout}`);
  }
});
