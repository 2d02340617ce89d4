// The packed package in apps built for production, as a developer would build them: examples/react and
// examples/vue with Vite, and one plain page with webpack and with esbuild. Each installs the tarball offline with
// install scripts enabled, builds, and is walked in headless Debian Chromium: the model engine (not the scripted
// one) answers, a card drawn by the app appears once, in its bubble, and Clear fires twin-clear and takes it away.
// The apps' other packages (React, Vue, the bundlers) come from this repository's devDependencies.
// Needs a build first:  npm run build && node --test test/package/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { build as esbuild } from 'esbuild';
import webpack from 'webpack';
import { askTwin, launchChromium } from '../../scripts/headless-chromium.mjs';
import { serveStatic } from '../../scripts/serve-static.mjs';

const work = mkdtempSync(join(tmpdir(), 'twin-chat-apps-'));
const VITE = resolve('node_modules/vite/bin/vite.js');
const BUNDLER_APP = resolve('test/package/bundler-app');
let installed;
let browser;
const servers = [];

before(async () => {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  // Offline, scripts enabled: the tarball must install from itself alone, running nothing.
  const app = join(work, 'app');
  cpSync(BUNDLER_APP, app, { recursive: true });
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--foreground-scripts', join(work, filename)],
    {
      cwd: app,
      stdio: 'ignore',
    },
  );
  installed = join(app, 'node_modules/twin-chat');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.close();
  rmSync(work, { recursive: true, force: true });
});

/** An example folder with the installed package in its node_modules, as `npm install` there would leave it. */
function withPackage(example) {
  rmSync(join(example, 'node_modules/twin-chat'), { recursive: true, force: true });
  cpSync(installed, join(example, 'node_modules/twin-chat'), { recursive: true });
}

/** Serves a built app and walks it: the model answers, the app's card shows once in its bubble, Clear clears. */
async function walk(root) {
  const { server, url } = await serveStatic({ root });
  servers.push(server);
  const page = await browser.newPage();
  try {
    await page.addInitScript(() => {
      window.seen = { engines: [], errors: [], clears: [] };
      document.addEventListener('twin-engine', (event) => window.seen.engines.push(event.detail.engine));
      document.addEventListener('twin-error', (event) => window.seen.errors.push(event.detail.message));
      document.addEventListener('twin-clear', (event) => window.seen.clears.push(event.detail.slots));
    });
    await page.goto(url);
    const chat = page.locator('twin-chat');
    const { card } = await askTwin(chat, 'Show me your Rust projects');
    const seen = await page.evaluate(() => window.seen);
    assert.deepEqual(seen.errors, []);
    assert.ok(seen.engines.includes('transformers'), `the engines that answered: ${seen.engines}`);
    assert.match(await card.getAttribute('class'), /\bapp-card\b/, "the card is not the app's");
    assert.equal(await chat.locator(':scope > [slot^="twin-card-"]').count(), 1, 'one card');
    const inBubble = await card.evaluate((node) => node.assignedSlot?.closest('[part~="message"]') !== null);
    assert.ok(inBubble, 'the card is not in a reply bubble');
    await chat.locator('[part="clear"]').click();
    await page.locator('#clears', { hasText: 'Cleared 1 times.' }).waitFor();
    await chat.locator(':scope > [slot^="twin-card-"]').waitFor({ state: 'detached' });
    assert.equal((await page.evaluate(() => window.seen.clears)).length, 1);
  } finally {
    await page.close();
  }
}

for (const framework of ['react', 'vue']) {
  test(`examples/${framework}, built by Vite for production, answers with the model and draws its own card`, async () => {
    const example = resolve('examples', framework);
    withPackage(example);
    execFileSync(process.execPath, [VITE, 'build', '--logLevel', 'error'], { cwd: example, stdio: 'inherit' });
    await walk(join(example, 'dist'));
  });
}

/** The plain page's build folder: its HTML, and the package's assets copied where asset-base says. */
function plainOutput(name) {
  const out = join(work, name);
  cpSync(join(BUNDLER_APP, 'index.html'), join(out, 'index.html'));
  cpSync(join(installed, 'dist/assets'), join(out, 'twin-chat'), { recursive: true });
  return out;
}

test('a page bundled by webpack for production answers with the model and draws its own card', async () => {
  const out = plainOutput('webpack');
  const stats = await new Promise((done, fail) =>
    webpack(
      {
        mode: 'production',
        context: join(work, 'app'),
        entry: './main.js',
        output: { path: out, filename: 'main.js', module: true, chunkFormat: 'module' },
        experiments: { outputModule: true },
      },
      (error, result) => (error ? fail(error) : done(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  await walk(out);
});

test('a page bundled by esbuild for production answers with the model and draws its own card; without asset-base, one error names it', async () => {
  const out = plainOutput('esbuild');
  await esbuild({
    entryPoints: [join(work, 'app/main.js')],
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    outdir: out,
    logLevel: 'error',
  });
  await walk(out);
  await withoutAssetBase(out);
});

/** A second chat on a bundled page, with no asset-base: beside the bundle there are no assets. */
async function withoutAssetBase(root) {
  const { server, url } = await serveStatic({ root });
  servers.push(server);
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.evaluate(() => {
      const chat = Object.assign(document.createElement('twin-chat'), { id: 'forgotten' });
      chat.registry = '/twin-chat/models/registry.json';
      window.forgotten = [];
      chat.addEventListener('twin-error', (event) => window.forgotten.push(event.detail));
      document.body.append(chat);
    });
    const { text } = await askTwin(page.locator('#forgotten'), 'Show me your Rust projects', { card: false });
    const errors = await page.evaluate(() => window.forgotten);
    assert.deepEqual(
      errors.map((error) => error.code),
      ['assets-unreachable'],
    );
    assert.ok(errors[0].message.includes(`${url}assets/`), errors[0].message);
    assert.match(errors[0].message, /asset-base/);
    assert.ok(text.length > 0, 'the scripted twin answered');
  } finally {
    await page.close();
  }
}
