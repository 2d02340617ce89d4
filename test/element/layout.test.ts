import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { TwinChat } from '../../src/index.js';
import { MICRO_REGISTRY, askModel, modelReady, type SuiteContext } from '../engines/model-helpers.js';
import type { TwinEngineDetail } from '../../src/index.js';
import { input, part } from './helpers.js';

const SCREENS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** The chat as a blog embeds it: inside an article column with the page's margins. */
async function articleChat(): Promise<{ el: TwinChat; engines: TwinEngineDetail[] }> {
  const engines: TwinEngineDetail[] = [];
  const article = await fixture(html`<article style="max-width: 44rem; margin: 0 auto; padding: 0 12px">
    <twin-chat
      registry=${MICRO_REGISTRY}
      asset-base="/node_modules/onnxruntime-web/dist/"
      @twin-engine=${(event: CustomEvent<TwinEngineDetail>) => engines.push(event.detail)}
    ></twin-chat>
  </article>`);
  // fixture() waits for the article, not for the chat inside it; the chat's panel is a chunk of its own.
  const el = article.querySelector('twin-chat')!;
  await el.updateComplete;
  return { el, engines };
}

const visible = (element: Element) => {
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 && getComputedStyle(element).visibility !== 'hidden';
};

/** The header's controls that show, each as its box: they must share one row. */
function headerBoxes(el: TwinChat): DOMRect[] {
  const header = part(el, 'header')!;
  const items = [...header.querySelectorAll('.title, [part~="engine"], [part~="menu-button"], [part~="menu"] > *')];
  return items
    .filter((item) => visible(item) && !item.closest('.menu.open'))
    .map((item) => item.getBoundingClientRect());
}

function expectLayout(el: TwinChat, screen: string): void {
  const panel = part(el, 'panel')!.getBoundingClientRect();
  const boxes = headerBoxes(el);
  expect(boxes.length, `${screen}: header controls`).to.be.at.least(2);
  // One row: some horizontal line crosses every control.
  const lowestTop = Math.max(...boxes.map((box) => box.top));
  const highestBottom = Math.min(...boxes.map((box) => box.bottom));
  expect(lowestTop, `${screen}: a header control wrapped to a row of its own`).to.be.below(highestBottom);
  // Nor does any control's own text wrap ("Clear / chat").
  for (const box of boxes) expect(box.height, `${screen}: a header control two lines high`).to.be.below(44);
  const composer = input(el).getBoundingClientRect();
  expect(composer.width / panel.width, `${screen}: composer share of the panel`).to.be.at.least(0.6);
  for (const card of el.querySelectorAll<HTMLElement>('[slot]')) {
    const bubble = card.assignedSlot!.closest('[part~="message"]')!.getBoundingClientRect();
    const box = card.getBoundingClientRect();
    expect(box.left, `${screen}: card's left edge`).to.be.at.least(bubble.left - 0.5);
    expect(box.right, `${screen}: card's right edge`).to.be.at.most(bubble.right + 0.5);
    expect(card.scrollWidth, `${screen}: card overflows sideways`).to.be.at.most(card.clientWidth + 1);
  }
  const panelElement = part(el, 'panel')!;
  expect(panelElement.scrollWidth, `${screen}: panel overflows sideways`).to.be.at.most(panelElement.clientWidth + 1);
}

describe('<twin-chat> layout on a phone and a desktop, light and dark', function (this: SuiteContext) {
  this.timeout(180000);

  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const screen of SCREENS) {
    it(`fits ${screen.width}×${screen.height}: one header row, a wide composer, cards that fit`, async () => {
      await setViewport({ width: screen.width, height: screen.height });
      const { el, engines } = await articleChat();
      await modelReady(el, engines);
      await askModel(el, 'Show me your Rust projects');
      await waitUntil(() => el.querySelector('[slot]'), 'no card');
      for (const colorScheme of ['light', 'dark'] as const) {
        await emulateMedia({ colorScheme });
        expectLayout(el, `${screen.name} ${colorScheme}`);
        await executeServerCommand('save-screenshot', { name: `${screen.name}-${colorScheme}` });
      }
      const menuButton = part(el, 'menu-button')!;
      if (screen.name === 'phone') {
        // The secondary controls wait in the menu, and open inside the panel.
        expect(visible(part(el, 'clear')!)).to.equal(false);
        menuButton.click();
        await el.updateComplete;
        expect(menuButton.getAttribute('aria-expanded')).to.equal('true');
        const panel = part(el, 'panel')!.getBoundingClientRect();
        for (const control of ['model-picker', 'clear']) {
          const box = part(el, control)!.getBoundingClientRect();
          expect(visible(part(el, control)!), control).to.equal(true);
          expect(box.left >= panel.left && box.right <= panel.right, `${control} inside the panel`).to.equal(true);
        }
        await executeServerCommand('save-screenshot', { name: 'phone-menu' });
      } else {
        expect(visible(menuButton)).to.equal(false);
        expect(visible(part(el, 'clear')!)).to.equal(true);
      }
    });
  }

  it('grows the composer with its text', async () => {
    const { el } = await articleChat();
    const box = input(el);
    const empty = box.getBoundingClientRect().height;
    box.value = 'one\ntwo\nthree\nfour';
    box.dispatchEvent(new Event('input'));
    await waitUntil(() => box.getBoundingClientRect().height > empty * 1.5, 'the composer did not grow');
  });
});
