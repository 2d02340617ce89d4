// Captures docs/screenshot.png for the README: serves the repository, opens the demo blog post in headless
// Chromium, asks the inline twin a question so a reply and its card show, and saves the post from its title down
// to the chat.
//   npm run build && node scripts/screenshot-demo.mjs ["question"]
import { existsSync, mkdirSync } from 'node:fs';
import { serveStatic } from './serve-static.mjs';
import { askTwin, launchChromium } from './headless-chromium.mjs';

const OUTPUT = 'docs/screenshot.png';
const MARGIN = 24;
const question = process.argv[2] ?? 'Show me your Rust projects';

if (!existsSync('dist/twin-chat.js')) {
  console.error('dist/twin-chat.js is missing: run `npm run build` first.');
  process.exit(1);
}

const { server, url } = await serveStatic({ root: '.' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1600 }, colorScheme: 'light' });
  await page.goto(`${url}demo/`);
  const chat = page.locator('.twin-figure twin-chat');
  await askTwin(chat, question);
  // No focus ring or half-finished scroll in the picture.
  await chat.locator('textarea').blur();
  await page.waitForTimeout(500);

  const top = await page.locator('.post header').boundingBox();
  const bottom = await page.locator('.twin-figure').boundingBox();
  const x = Math.max(0, bottom.x - MARGIN);
  const clip = { x, y: top.y - MARGIN, width: bottom.width + 2 * (bottom.x - x), height: 0 };
  clip.height = bottom.y + bottom.height + MARGIN - clip.y;
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: OUTPUT, clip, animations: 'disabled' });
  console.log(`Saved ${OUTPUT} (${Math.round(clip.width)}×${Math.round(clip.height)})`);
} finally {
  await browser.close();
  server.close();
}
