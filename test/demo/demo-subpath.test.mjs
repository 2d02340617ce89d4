// The demo blog post, built and served as static files from a sub-path (as on GitHub Pages), in headless Debian
// Chromium: the embed loads, answers, shows built-in and page-rendered cards, and never requests anything outside
// its own folder. Needs a build first:  npm run build && node --test test/demo/
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { serveStatic } from '../../scripts/serve-static.mjs';
import { askTwin, launchChromium } from '../../scripts/headless-chromium.mjs';

const PREFIX = '/blog/twin/';
let server;
let browser;
let page;
let base;
const requests = [];
const problems = [];

before(async () => {
  assert.ok(existsSync('dist/twin-chat.js'), 'dist/twin-chat.js is missing: run `npm run build` first');
  ({ server, url: base } = await serveStatic({ root: '.', prefix: PREFIX }));
  browser = await launchChromium();
  page = await browser.newPage();
  // Which engines answered, as each <twin-chat> reports it.
  await page.addInitScript(() => {
    window.engines = [];
    document.addEventListener('twin-engine', (event) => window.engines.push(event.detail));
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  await page.goto(`${base}demo/`);
});

after(async () => {
  await browser?.close();
  server?.close();
});

const inlineChat = () => page.locator('.twin-figure twin-chat');

test('the inline twin answers and shows a built-in card', async () => {
  const { text, card } = await askTwin(inlineChat(), 'Show me your Rust projects');
  assert.ok(text.length > 0, 'the reply is empty');
  assert.match(await card.getAttribute('class'), /\btwin-card--projects\b/);
  assert.ok((await card.locator('.twin-card__item').count()) > 0, 'the projects card lists nothing');
});

test('with an ONNX build in the manifest, the bundled worker runs it from the sub-path', async (t) => {
  const manifest = JSON.parse(readFileSync('models/ada-twin/twin.json', 'utf8'));
  if (!manifest.builds?.onnx) return t.skip('the demo twin has no ONNX build yet');
  const engines = await page.evaluate(() => window.engines);
  assert.ok(
    engines.some((engine) => engine.engine === 'transformers'),
    `engines reported: ${JSON.stringify(engines)}`,
  );
});

test('the page says which twin the chat runs and what it downloads', async () => {
  const manifest = JSON.parse(readFileSync('models/ada-twin/twin.json', 'utf8'));
  const facts = page.locator('#twin-facts');
  await facts.filter({ hasText: manifest.label }).waitFor({ timeout: 20_000 });
  if (manifest.builds?.onnx) assert.match(await facts.textContent(), /\d MB on WebAssembly/);
});

test("the page's own renderer draws the books card, styled by the page's CSS", async () => {
  // A fresh conversation: this is about the page's renderer, not how the micro twin copes with a second turn.
  await inlineChat().evaluate((chat) => chat.clear());
  const { card } = await askTwin(inlineChat(), 'What are you reading?');
  assert.match(await card.getAttribute('class'), /\bbookshelf\b/);
  const writingMode = await card
    .locator('.book')
    .first()
    .evaluate((book) => getComputedStyle(book).writingMode);
  assert.equal(writingMode, 'vertical-rl', 'blog.css does not reach the card');
});

test('the launcher shows only once the inline chat is out of view, and opens a working panel', async () => {
  const launcher = page.locator('twin-chat[mode="launcher"]');
  await inlineChat().scrollIntoViewIfNeeded();
  await launcher.waitFor({ state: 'hidden' });
  await page.locator('.site-footer').scrollIntoViewIfNeeded();
  await launcher.locator('[part="launcher"]').click();
  const { card } = await askTwin(launcher, 'How can I reach you?');
  assert.match(await card.getAttribute('class'), /\btwin-card--contact\b/);
});

test('without a registry attribute, the registry in the assets beside the script is used', async () => {
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('twin-chat'), { id: 'bare' })));
  await page.locator('#bare [part~="message"][part~="twin"]').first().waitFor({ timeout: 20_000 });
  assert.ok(requests.includes(`${base}dist/assets/models/registry.json`));
});

test("a panel script that fails to arrive is reported in the chat's frame, and the next open loads it", async () => {
  const lost = await browser.newPage();
  try {
    await lost.addInitScript(() => {
      window.errors = [];
      document.addEventListener('twin-error', (event) => window.errors.push(event.detail.code));
    });
    const panelScript = /\/dist\/chunks\/chat-panel-[^/]+\.js$/;
    await lost.route(panelScript, (route) => route.abort('connectionfailed'));
    await lost.goto(`${base}demo/`);
    const inline = lost.locator('.twin-figure twin-chat');
    await inline.locator('[part="notice"]').filter({ hasText: 'The chat could not be loaded' }).waitFor();
    assert.deepEqual(await lost.evaluate(() => window.errors), ['panel-unreachable']);
    // The connection is back: opening the launcher fetches the panel again, and it answers.
    await lost.unroute(panelScript);
    await lost.locator('.site-footer').scrollIntoViewIfNeeded();
    const launcher = lost.locator('twin-chat[mode="launcher"]');
    await launcher.locator('[part="launcher"]').click();
    const { text } = await askTwin(launcher, 'How can I reach you?');
    assert.ok(text.length > 0, 'the reply is empty');
  } finally {
    await lost.close();
  }
});

test('every request stays under the sub-path and succeeds', () => {
  const outside = requests.filter((url) => !url.startsWith(base) && !url.startsWith('data:'));
  assert.deepEqual(outside, [], 'requests outside the served sub-path');
  assert.deepEqual(problems, []);
});
