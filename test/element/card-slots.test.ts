import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { TwinChat, type ToolCall, type TwinToolDetail } from '../../src/index.js';
import { REGISTRY, ask, messageTexts, part, readyChat, record } from './helpers.js';

/** The light-DOM card child of a chat, with the shadow slot it is assigned to. */
function cardIn(el: TwinChat): { card: HTMLElement; slot: HTMLSlotElement } {
  const card = el.querySelector<HTMLElement>(':scope > [slot]')!;
  expect(card, 'a card child').to.exist;
  const slot = card.assignedSlot!;
  expect(slot, 'the card is assigned to a slot').to.exist;
  return { card, slot };
}

describe('<twin-chat> cards through slots', () => {
  afterEach(() => {
    // Renderers registered on the class are page-wide; take them back off between tests.
    TwinChat.registerRenderer('projects', () => null);
  });

  it('emits twin-tool with app, params, source and a unique slot, for the router too', async () => {
    const el = await readyChat();
    const tools = record<TwinToolDetail>(el, 'twin-tool');
    await ask(el, 'What are you building?');
    await ask(el, 'Which rust projects do you have?');
    await waitUntil(() => tools.length === 2);
    expect(tools[0]!.bubbles && tools[0]!.composed).to.equal(true);
    expect(tools[0]!.detail).to.deep.include({ app: 'projects', params: {}, source: 'model' });
    expect(tools[1]!.detail).to.deep.include({ app: 'projects', params: { tag: 'rust' } });
    expect(tools[0]!.detail.slot).not.to.equal(tools[1]!.detail.slot);
  });

  it('backs the reply up with the keyword router when the answer has no TOOL line', async () => {
    const el = await readyChat();
    const tools = record<TwinToolDetail>(el, 'twin-tool');
    await ask(el, 'What is your email? How can I reach you?');
    await waitUntil(() => tools.length === 1, 'no twin-tool');
    expect(tools[0]!.detail).to.deep.include({ app: 'contact', source: 'router' });
  });

  it('shows the element a twin-tool listener appends, inside the reply bubble', async () => {
    const el = await readyChat();
    el.addEventListener('twin-tool', (event) => {
      const mine = document.createElement('aside');
      mine.className = 'page-card';
      mine.textContent = `Page card for ${event.detail.app}`;
      mine.slot = event.detail.slot;
      el.append(mine);
    });
    await ask(el, 'What are you building?');
    const { card, slot } = cardIn(el);
    expect(card.className).to.equal('page-card');
    expect(el.querySelectorAll(':scope > [slot]')).to.have.length(1);
    const bubble = slot.closest('[part~="message"]')!;
    expect(bubble.getAttribute('part')).to.equal('message twin');
    expect(slot.parentElement!.getAttribute('part')).to.equal('card');
    expect(bubble.textContent).to.contain('Mostly small tools.');
  });

  it("lets a twin-tool listener claim the card and fill its slot later: one card, the page's", async () => {
    const el = await readyChat();
    const slots: string[] = [];
    // Only the first card is claimed; the second is the element's, drawn after the first would have been.
    el.addEventListener('twin-tool', (event) => {
      if (slots.push(event.detail.slot) === 1) event.preventDefault();
    });
    await ask(el, 'What are you building?');
    await ask(el, 'Which rust projects do you have?');
    const cardsIn = (slot: string) => [...el.children].filter((child) => child.slot === slot);
    await waitUntil(() => cardsIn(slots[1]!).length === 1, "the unclaimed card wasn't drawn");
    expect(cardsIn(slots[0]!), 'the element drew a claimed card').to.have.length(0);
    const late = Object.assign(document.createElement('aside'), { className: 'late-card', slot: slots[0]! });
    el.append(late);
    expect(cardsIn(slots[0]!)).to.deep.equal([late]);
    await el.updateComplete;
    expect(late.assignedSlot!.closest('[part~="message"]')!.textContent).to.contain('Mostly small tools.');
  });

  it('fires twin-clear with the card slots before the log empties, and removes the cards', async () => {
    const el = await readyChat();
    const tools = record<TwinToolDetail>(el, 'twin-tool');
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector(':scope > [slot]'), 'no card');
    const seen: { slots: string[]; messages: number }[] = [];
    el.addEventListener('twin-clear', (event) =>
      seen.push({ slots: event.detail.slots, messages: messageTexts(el).length }),
    );
    part(el, 'clear')!.click();
    expect(seen).to.have.length(1);
    expect(seen[0]!.slots).to.deep.equal([tools[0]!.detail.slot]);
    expect(seen[0]!.messages, 'the log was still there when it fired').to.be.greaterThan(1);
    await el.updateComplete;
    await waitUntil(() => !el.querySelector(':scope > [slot]'), 'the card stayed');
  });

  it("leaves a claimed card for the page to remove on twin-clear, as a framework's renderer does", async () => {
    const el = await readyChat();
    el.addEventListener('twin-tool', (event) => {
      event.preventDefault();
      const mine = Object.assign(document.createElement('aside'), { className: 'claimed', slot: event.detail.slot });
      queueMicrotask(() => el.append(mine));
    });
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector('.claimed'), 'no card');
    const card = el.querySelector('.claimed')!;
    let removedByPage = false;
    el.addEventListener('twin-clear', () =>
      // A framework renders after the handler returns, in a later task if its scheduler likes: it removes its
      // node then, and must still find it there (removeChild throws otherwise).
      setTimeout(() => {
        removedByPage = card.parentNode === el;
        if (removedByPage) el.removeChild(card);
      }),
    );
    part(el, 'clear')!.click();
    await el.updateComplete;
    await waitUntil(() => !card.isConnected, 'the page did not remove its card');
    expect(removedByPage, 'the element removed the claimed card first').to.equal(true);
  });

  it('uses a renderer registered on the element', async () => {
    const el = await readyChat();
    const calls: ToolCall[] = [];
    el.registerRenderer('projects', (call) => {
      calls.push(call);
      const card = document.createElement('div');
      card.className = 'instance-card';
      card.textContent = 'Projects!';
      return card;
    });
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector('.instance-card'));
    expect(calls[0]).to.deep.equal({ app: 'projects', params: {}, source: 'model' });
    expect(cardIn(el).card.className).to.equal('instance-card');
  });

  it('uses a renderer registered on the class, which an element renderer overrides', async () => {
    TwinChat.registerRenderer('projects', () =>
      Object.assign(document.createElement('div'), { className: 'class-card' }),
    );
    const el = await readyChat();
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector('.class-card'));
    const other = await readyChat(html`<twin-chat registry=${REGISTRY}></twin-chat>`);
    other.registerRenderer('projects', () => Object.assign(document.createElement('div'), { className: 'own-card' }));
    await ask(other, 'What are you building?');
    await waitUntil(() => other.querySelector('.own-card'));
    expect(other.querySelector('.class-card')).to.equal(null);
  });

  it('falls back to the built-in card, loaded on demand', async () => {
    const el = await readyChat();
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector(':scope > [slot]'), 'no built-in card');
    const { card } = cardIn(el);
    expect(card.textContent).to.contain('Plain');
  });

  it('reports a renderer that throws, and keeps the reply', async () => {
    const el = await readyChat();
    const errors = record<{ code: string; message: string }>(el, 'twin-error');
    el.registerRenderer('projects', () => {
      throw new Error('renderer bug');
    });
    await ask(el, 'What are you building?');
    await waitUntil(() => errors.length === 1, 'no twin-error');
    expect(errors[0]!.detail.code).to.equal('card-failed');
    expect(errors[0]!.detail.message).to.contain('renderer bug');
    await el.updateComplete;
    expect(part(el, 'card')).to.equal(null);
    expect(messageTexts(el).at(-1)).to.equal('Mostly small tools.');
  });

  it('shows no card part when nothing can render the call', async () => {
    const el = await fixture<TwinChat>(
      html`<twin-chat registry=${REGISTRY} apps="/test/fixtures/twins/second-twin/twin.json"></twin-chat>`,
    );
    await waitUntil(() => messageTexts(el).length > 0 && !part(el, 'progress'));
    el.registerRenderer('books', () => null);
    await ask(el, 'Tell me a long story');
    // The apps URL above is valid JSON without a books list, so the built-in card has nothing to show.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await el.updateComplete;
    expect(part(el, 'card')).to.equal(null);
    expect(el.querySelector(':scope > [slot]')).to.equal(null);
  });
});
