// Importing the package in plain Node, as server rendering does: package.json's `node` condition gives the server
// entry (dist/server.js), which defines nothing and throws nothing. Needs a build first:  npm run build
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

test('importing the package in plain Node exits 0 and defines nothing', () => {
  // The package imports itself by name, through its exports, as an app that installed it would.
  const script = `
    const twin = await import('twin-chat');
    twin.TwinChat.registerRenderer('books', () => null);
    console.log(JSON.stringify({ exports: Object.keys(twin).sort(), defined: typeof customElements !== 'undefined' }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(output), { exports: ['DEFAULT_BANNER', 'TwinChat'], defined: false });
});
