// The page the webpack and esbuild builds bundle (test/package/examples.test.mjs): the packed package imported by
// name, its assets copied beside the build and named by asset-base, and each card claimed and drawn by the page.
import 'twin-chat';

const chat = document.createElement('twin-chat');
chat.assetBase = '/twin-chat/';
const clears = document.createElement('p');
clears.id = 'clears';
clears.textContent = 'Cleared 0 times.';
let cleared = 0;

chat.addEventListener('twin-tool', (event) => {
  event.preventDefault();
  const card = Object.assign(document.createElement('aside'), { className: 'app-card', slot: event.detail.slot });
  card.textContent = `${event.detail.app}, drawn by the page.`;
  requestAnimationFrame(() => chat.append(card));
});
chat.addEventListener('twin-clear', (event) => {
  for (const slot of event.detail.slots) chat.querySelector(`:scope > [slot="${slot}"]`)?.remove();
  clears.textContent = `Cleared ${++cleared} times.`;
});
document.body.append(chat, clears);
