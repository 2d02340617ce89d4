// Two copies of the built script on one page, and a page that defined its own <twin-chat> first, in headless
// Debian Chromium: the first definition stays, and the copy that finds the tag taken says so once, naming both
// scripts. Needs a build first:  npm run build
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { serveStatic } from '../../scripts/serve-static.mjs';
import { launchChromium } from '../../scripts/headless-chromium.mjs';

let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync('dist/twin-chat.js'), 'dist/twin-chat.js is missing: run `npm run build` first');
  ({ server, url: base } = await serveStatic({ root: '.' }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Loads a page with `head` at /definition.html and returns its console errors once `ready` holds. */
async function consoleErrors(head, ready) {
  const page = await browser.newPage();
  try {
    const errors = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.route(`${base}definition.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en">${head}</html>` }),
    );
    await page.goto(`${base}definition.html`);
    await page.waitForFunction(ready);
    return { errors, name: await page.evaluate(() => customElements.get('twin-chat')?.name) };
  } finally {
    await page.close();
  }
}

test('a second copy of the script keeps the first definition and names both scripts', async () => {
  const head = `<script type="module" src="/dist/twin-chat.js"></script>
    <script type="module">
      await import('/dist/twin-chat.js?second-copy');
      window.loaded = true;
    </script>`;
  const { errors, name } = await consoleErrors(head, () => window.loaded);
  assert.equal(name, 'TwinChat', 'the class name is readable in the built script');
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /already defined by http:\/\/\S+\/dist\/twin-chat\.js;/);
  assert.match(errors[0], /this copy, http:\/\/\S+\/dist\/twin-chat\.js\?second-copy, is not used/);
});

test("a page's own <twin-chat>, defined first, is named as another script", async () => {
  const head = `<script>customElements.define('twin-chat', class extends HTMLElement {});</script>
    <script type="module">
      await import('/dist/twin-chat.js');
      window.loaded = true;
    </script>`;
  const { errors } = await consoleErrors(head, () => window.loaded);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /already defined by another script, which is not twin-chat;/);
});
