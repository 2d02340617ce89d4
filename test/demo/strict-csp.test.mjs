// The built element on a page whose Content-Security-Policy allows no inline script or style ('self' only, plus
// 'wasm-unsafe-eval' for ORT's WebAssembly), in headless Debian Chromium: a scripted chat and a model chat (the micro
// twin on WASM) both answer, and the page records no CSP violation. Needs a build first:  npm run build
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { serveStatic } from '../../scripts/serve-static.mjs';
import { askTwin, launchChromium } from '../../scripts/headless-chromium.mjs';

const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
  <meta charset="utf-8" />
  <title>twin-chat under a strict CSP</title>
  <script type="module" src="/dist/twin-chat.js"></script>
  <twin-chat id="scripted" engine="scripted" registry="/models/registry.json"></twin-chat>
  <twin-chat id="model" engine="wasm" model="ada-twin" registry="/models/registry.json"></twin-chat>
</html>`;

let server;
let browser;
let page;
const violations = [];

before(async () => {
  assert.ok(existsSync('dist/twin-chat.js'), 'dist/twin-chat.js is missing: run `npm run build` first');
  let base;
  ({ server, url: base } = await serveStatic({ root: '.' }));
  browser = await launchChromium();
  page = await browser.newPage();
  await page.addInitScript(() => {
    window.engines = [];
    document.addEventListener('twin-engine', (event) => window.engines.push(event.detail.engine));
  });
  // Reported by the browser itself, whichever document or shadow root the blocked style or script was in.
  page.on('console', (message) => /Content Security Policy/i.test(message.text()) && violations.push(message.text()));
  await page.exposeFunction('reportViolation', (violation) => violations.push(violation));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      window.reportViolation(
        `${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
      ),
    ),
  );
  await page.route(`${base}strict-csp.html`, (route) =>
    route.fulfill({ contentType: 'text/html', headers: { 'Content-Security-Policy': POLICY }, body: PAGE }),
  );
  await page.goto(`${base}strict-csp.html`);
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the scripted chat answers and shows its card', async () => {
  const { text, card } = await askTwin(page.locator('#scripted'), 'Show me your Rust projects');
  assert.ok(text.length > 0, 'the reply is empty');
  assert.match(await card.getAttribute('class'), /\btwin-card--projects\b/);
});

test('the model chat answers on WASM', async () => {
  const { text } = await askTwin(page.locator('#model'), 'What are you reading?', { card: false, timeout: 60_000 });
  assert.ok(text.length > 0, 'the reply is empty');
  assert.ok((await page.evaluate(() => window.engines)).includes('transformers'), 'no model engine answered');
});

test('nothing broke the policy', () => {
  assert.deepEqual(violations, []);
});
