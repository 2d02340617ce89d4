// Debian's Chromium driven by playwright-core, shared by the demo screenshot and the demo test. Never a downloaded
// browser: the flags keep it from phoning home (updates, sync, component downloads) in CI and offline.
import { chromium } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `extraFlags`: e.g. --enable-unsafe-webgpu or --js-flags=--expose-gc for a bench that needs them. */
export function launchChromium(extraFlags = []) {
  return chromium.launch({ executablePath: EXECUTABLE, args: [...FLAGS, ...extraFlags], headless: true });
}

/**
 * Asks `chat` (a locator for one <twin-chat>) a question the way a visitor would, and waits until the reply has
 * finished and, with `card: true`, its card is in place. Returns the reply's text and the last card (a light-DOM
 * child of the element).
 */
export async function askTwin(chat, question, { card: expectCard = true, timeout = 20_000 } = {}) {
  const input = chat.locator('textarea');
  const replies = chat.locator('[part~="message"][part~="twin"]');
  // Ready once the greeting is shown and nothing is loading any more.
  await replies.first().waitFor({ timeout });
  await chat.locator('[part="progress"]').waitFor({ state: 'detached', timeout });
  const before = await replies.count();
  const cards = chat.locator(':scope > [slot^="twin-card-"]');
  // This reply's card is the one after those already shown: `last()` would find an earlier reply's at once.
  const card = cards.nth(await cards.count());
  await input.fill(question);
  await input.press('Enter');
  const reply = replies.nth(before);
  await reply.waitFor({ timeout });
  await chat.locator('[part="log"][aria-busy="false"]').waitFor({ timeout });
  if (expectCard) await card.waitFor({ timeout });
  return { text: (await reply.innerText()).trim(), card };
}
