// Hostile lengths: how long the main thread is blocked when a reply, and the card it opens, carry one unbroken
// string of 20,000 or 200,000 characters (beside a 20-character one). The built element (dist/) runs a scripted twin whose note is that
// string, with a projects card whose title and summary are that string too, in headless Debian Chromium. Prints the
// longest main-thread task from the question to the card in place, and how many tasks passed 50 ms, for the
// element as built (`overflow-wrap: break-word`) beside the rule it replaced (`overflow-wrap: anywhere`, put back
// from the page through the element's parts).
//   npm run build && node bench/long-strings.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { askTwin, launchChromium } from '../scripts/headless-chromium.mjs';
import { serveStatic } from '../scripts/serve-static.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const PAGE_DIR = 'build/bench/long-strings';
const QUESTION = 'Say the long word';
/** A short word first: what the reply and its card cost whatever their length. */
const LENGTHS = [20, 20_000, 200_000];
const VARIANTS = {
  'ours (break-word)': '',
  'before (anywhere)': 'twin-chat::part(message), twin-chat > * { overflow-wrap: anywhere; }',
};

/** A scripted twin (the test fixture's manifest) whose only note, and its card's project, is one long word. */
function writeTwin(length) {
  const word = 'x'.repeat(length);
  const folder = join(ROOT, PAGE_DIR, String(length));
  mkdirSync(folder, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/twins/test-twin/twin.json'), 'utf8'));
  manifest.knowledge = [{ q: [QUESTION], a: `${word}\nTOOL {"app":"projects","params":{}}` }];
  manifest.apps = 'apps.json';
  manifest.suggestions = [];
  const apps = { projects: [{ title: word, summary: word, tags: ['long'], category: 'oss' }] };
  writeFileSync(join(folder, 'twin.json'), JSON.stringify(manifest));
  writeFileSync(join(folder, 'apps.json'), JSON.stringify(apps));
  writeFileSync(join(folder, 'registry.json'), JSON.stringify([{ id: 'long', manifest: 'twin.json' }]));
}

function writePage() {
  writeFileSync(
    join(ROOT, PAGE_DIR, 'index.html'),
    `<!doctype html><html lang="en"><meta charset="utf-8"><style id="variant"></style>
<script type="module" src="/dist/twin-chat.js"></script>
<script>
  window.longTasks = [];
  new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
    .observe({ type: 'longtask', buffered: true });
</script>
<body style="width: 720px"></body></html>`,
  );
}

/** The longest main-thread task between the question and the card, and how many passed 50 ms. */
async function measure(browser, base, length, css) {
  const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
  try {
    await page.goto(`${base}${PAGE_DIR}/index.html`);
    await page.evaluate(
      ([registry, rule]) => {
        document.getElementById('variant').textContent = rule;
        const chat = Object.assign(document.createElement('twin-chat'), { engine: 'scripted', registry });
        document.body.append(chat);
      },
      [`${length}/registry.json`, css],
    );
    const chat = page.locator('twin-chat');
    await chat.locator('[part~="message"][part~="twin"]').first().waitFor();
    const start = await page.evaluate(() => performance.now());
    await askTwin(chat, QUESTION);
    // A frame after the card: its layout is done by then.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
    const tasks = (await page.evaluate(() => window.longTasks)).filter(([at]) => at >= start);
    const durations = tasks.map(([, duration]) => duration);
    return { longest: Math.max(0, ...durations), over50: durations.filter((duration) => duration > 50).length };
  } finally {
    await page.close();
  }
}

LENGTHS.forEach(writeTwin);
writePage();
const { server, url } = await serveStatic({ root: ROOT });
const browser = await launchChromium();
try {
  console.log(
    `${'variant'.padEnd(22)}${'characters'.padStart(12)}${'longest task'.padStart(16)}${'tasks > 50 ms'.padStart(16)}`,
  );
  for (const length of LENGTHS) {
    for (const [name, css] of Object.entries(VARIANTS)) {
      const { longest, over50 } = await measure(browser, url, length, css);
      console.log(
        `${name.padEnd(22)}${length.toLocaleString('en').padStart(12)}${`${longest.toFixed(0)} ms`.padStart(16)}${String(over50).padStart(16)}`,
      );
    }
  }
} finally {
  await browser.close();
  server.close();
}
