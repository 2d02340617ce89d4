import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MAX_INPUT_CHARS } from '../../src/conversation/limits.js';
import type { TwinChat, TwinMessageDetail } from '../../src/index.js';
import {
  GREETING,
  REGISTRY,
  ask,
  input,
  isGenerating,
  messageTexts,
  noticeTexts,
  part,
  parts,
  pressKey,
  readyChat,
  record,
  type,
} from './helpers.js';

const LONG_QUESTION = 'Tell me a long story';

/** A chat whose question is sent the moment it is on the page, while its twin is still loading. */
async function askedWhileLoading(question: string): Promise<TwinChat> {
  const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY}></twin-chat>`);
  await type(el, question);
  return el;
}

describe('<twin-chat> conversation', () => {
  it('opens with the twin greeting', async () => {
    const el = await readyChat();
    expect(messageTexts(el)).to.deep.equal([GREETING]);
  });

  it('answers from the twin knowledge, and emits twin-message for both sides', async () => {
    const el = await readyChat();
    const events = record<TwinMessageDetail>(el, 'twin-message');
    await ask(el, 'Where do you live?');
    expect(messageTexts(el)).to.deep.equal([GREETING, 'Where do you live?', 'I live in Testville, by the sea.']);
    // Twin messages also carry their grounding (test/element/provenance.test.ts).
    expect(events.map(({ detail }) => ({ role: detail.role, text: detail.text }))).to.deep.equal([
      { role: 'user', text: 'Where do you live?' },
      { role: 'twin', text: 'I live in Testville, by the sea.' },
    ]);
    expect(events.every((event) => event.bubbles && event.composed)).to.equal(true);
    expect(parts(el, 'user')).to.have.length(1);
    expect(parts(el, 'twin')).to.have.length(2);
    expect(input(el).value).to.equal('');
  });

  it('sends on Enter and keeps Shift+Enter for a newline', async () => {
    const el = await readyChat();
    input(el).value = 'Where do you live?';
    const shifted = pressKey(input(el), 'Enter', { shiftKey: true });
    await el.updateComplete;
    expect(shifted.defaultPrevented).to.equal(false);
    expect(messageTexts(el)).to.have.length(1);
    const enter = pressKey(input(el), 'Enter');
    expect(enter.defaultPrevented).to.equal(true);
    await waitUntil(() => messageTexts(el).includes('I live in Testville, by the sea.'), 'no reply');
  });

  it('renders the reply as it streams, and never shows the TOOL line', async () => {
    const el = await readyChat();
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const last = messageTexts(el).at(-1);
      if (last !== undefined) seen.push(last);
    });
    observer.observe(part(el, 'log')!, { subtree: true, childList: true, characterData: true });
    await ask(el, LONG_QUESTION);
    observer.disconnect();
    const partials = seen.filter((text) => text.startsWith('word0'));
    // Many distinct lengths on screen: the reply grew word by word instead of appearing at once.
    expect(new Set(partials).size).to.be.greaterThan(20);
    for (const text of seen) expect(text).not.to.contain('TOOL');
    expect(messageTexts(el).at(-1)).to.match(/word299\.$/);
  });

  it('follows a streaming reply down the log, unless the visitor scrolled up', async () => {
    const el = await readyChat(html`<twin-chat registry=${REGISTRY} style="--twin-height: 14rem"></twin-chat>`);
    const log = part(el, 'log')!;
    const atEnd = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
    await type(el, LONG_QUESTION);
    await waitUntil(() => log.scrollHeight > log.clientHeight * 1.5, 'the reply never overflowed the log');
    expect(atEnd()).to.equal(true);
    log.scrollTop = 0;
    const grownFrom = messageTexts(el).at(-1)!.length;
    await waitUntil(() => messageTexts(el).at(-1)!.length > grownFrom + 20);
    expect(log.scrollTop).to.equal(0);
    // What arrived below is one click away.
    await waitUntil(() => part(el, 'new-messages'), 'no new-messages button while scrolled up');
    (part(el, 'new-messages') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(atEnd()).to.equal(true);
    expect(part(el, 'new-messages')).to.equal(null);
    part(el, 'stop')!.click();
  });

  it('keeps every reply in view after a card has opened in the log', async () => {
    const el = await readyChat(html`<twin-chat registry=${REGISTRY} style="--twin-height: 18rem"></twin-chat>`);
    const log = part(el, 'log')!;
    // Its end in view, and all of it unless it is taller than the log (a card can be).
    const lastBubbleInView = () => {
      const bubble = parts(el, 'message').at(-1)!.getBoundingClientRect();
      const frame = log.getBoundingClientRect();
      const whole = bubble.height <= frame.height ? bubble.top >= frame.top - 1 : true;
      return whole && bubble.bottom <= frame.bottom + 1 && bubble.bottom > frame.top;
    };
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector('[slot]'), 'no card');
    await waitUntil(lastBubbleInView, 'the card pushed its reply below the fold');
    for (const question of ['Where do you live?', 'What is your favourite colour?', 'What do you eat for breakfast?']) {
      await ask(el, question);
      await waitUntil(lastBubbleInView, `the reply to "${question}" is below the fold`);
      expect(log.scrollHeight).to.be.greaterThan(log.clientHeight);
    }
  });

  it('stops mid-reply with the Stop button and keeps the partial reply', async () => {
    const el = await readyChat();
    const events = record<TwinMessageDetail>(el, 'twin-message');
    await type(el, LONG_QUESTION);
    await waitUntil(() => (messageTexts(el).at(-1) ?? '').includes('word5'), 'reply never streamed');
    const stop = part(el, 'stop') as HTMLButtonElement;
    expect(stop.disabled).to.equal(false);
    stop.click();
    await waitUntil(() => !isGenerating(el), 'never stopped');
    const partial = messageTexts(el).at(-1)!;
    expect(partial).to.match(/^word0 word1/);
    expect(partial).not.to.contain('word299');
    expect(events.at(-1)!.detail).to.deep.include({ role: 'twin', text: partial });
    expect(stop.disabled).to.equal(true);
    // No card for a stopped reply: the TOOL line never arrived.
    expect(part(el, 'card')).to.equal(null);
  });

  it('stops mid-reply with Esc', async () => {
    const el = await readyChat();
    await type(el, LONG_QUESTION);
    await waitUntil(() => (messageTexts(el).at(-1) ?? '').includes('word5'), 'reply never streamed');
    const esc = pressKey(input(el), 'Escape');
    expect(esc.defaultPrevented).to.equal(true);
    await waitUntil(() => !isGenerating(el), 'never stopped');
    expect(messageTexts(el).at(-1)).not.to.contain('word299');
  });

  it('sends one message on a rapid double send', async () => {
    const el = await readyChat();
    input(el).value = 'Where do you live?';
    part(el, 'send')!.click();
    part(el, 'send')!.click();
    pressKey(input(el), 'Enter');
    await el.updateComplete;
    expect(isGenerating(el)).to.equal(true);
    await waitUntil(() => !isGenerating(el));
    await el.updateComplete;
    expect(messageTexts(el)).to.deep.equal([GREETING, 'Where do you live?', 'I live in Testville, by the sea.']);
  });

  it('does not send while a reply is streaming, and keeps the new text', async () => {
    const el = await readyChat();
    await type(el, LONG_QUESTION);
    await waitUntil(() => (messageTexts(el).at(-1) ?? '').includes('word3'));
    input(el).value = 'Where do you live?';
    pressKey(input(el), 'Enter');
    part(el, 'send')!.click();
    await el.updateComplete;
    expect(input(el).value).to.equal('Where do you live?');
    expect(parts(el, 'user')).to.have.length(1);
    part(el, 'stop')!.click();
  });

  it('refuses input over the limit with a clear message, keeping the text untruncated', async () => {
    const el = await readyChat();
    const errors = record<{ code: string; message: string }>(el, 'twin-error');
    const tooLong = 'x'.repeat(MAX_INPUT_CHARS + 1);
    await type(el, tooLong);
    expect(input(el).value).to.equal(tooLong);
    expect(messageTexts(el)).to.deep.equal([GREETING]);
    expect(errors[0]!.detail.code).to.equal('input-too-long');
    expect(noticeTexts(el)[0])
      .to.contain(String(MAX_INPUT_CHARS))
      .and.contain(String(MAX_INPUT_CHARS + 1));
    // Fixing the text and sending clears the complaint.
    await ask(el, 'Where do you live?');
    expect(part(el, 'notice')).to.equal(null);
  });

  it('accepts input exactly at the limit', async () => {
    const el = await readyChat();
    await ask(el, 'y'.repeat(MAX_INPUT_CHARS));
    expect(messageTexts(el)[1]).to.have.length(MAX_INPUT_CHARS);
  });

  it("offers the manifest's suggested questions until the visitor asks, and asks one with a tap", async () => {
    const manifest = await (await fetch('/test/fixtures/twins/test-twin/twin.json')).json();
    delete manifest.apps;
    const json = (document: unknown) => URL.createObjectURL(new Blob([JSON.stringify(document)]));
    const suggestions = ['Where do you live?', 'What are you building?'];
    const registry = json([{ id: 'suggesting', manifest: json({ ...manifest, suggestions }) }]);
    const el = await readyChat(html`<twin-chat registry=${registry}></twin-chat>`);
    const chips = parts(el, 'suggestion');
    expect(chips.map((chip) => chip.textContent!.trim())).to.deep.equal(suggestions);
    chips[0]!.click();
    await waitUntil(() => !isGenerating(el) && messageTexts(el).length === 3, 'the suggestion was never answered');
    expect(messageTexts(el)).to.deep.equal([GREETING, 'Where do you live?', 'I live in Testville, by the sea.']);
    expect(part(el, 'suggestions')).to.equal(null);
    el.clear();
    await el.updateComplete;
    expect(parts(el, 'suggestion')).to.have.length(2);
  });

  it('ignores an empty or blank send', async () => {
    const el = await readyChat();
    await type(el, '   \n ');
    expect(messageTexts(el)).to.have.length(1);
  });

  it('answers a question sent before the twin has loaded, once it has, without retyping', async () => {
    const el = await askedWhileLoading('Where do you live?');
    expect(input(el).value).to.equal('');
    expect(messageTexts(el).at(-2)).to.equal('Where do you live?');
    await waitUntil(() => !isGenerating(el), 'the waiting question was never answered');
    await el.updateComplete;
    expect(messageTexts(el)).to.deep.equal([GREETING, 'Where do you live?', 'I live in Testville, by the sea.']);
    expect(noticeTexts(el)).to.deep.equal([]);
  });

  it('takes back a question waiting for the twin when the visitor presses Stop', async () => {
    const el = await askedWhileLoading('Where do you live?');
    expect(part(el, 'waiting')).to.not.equal(null);
    (part(el, 'stop') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(input(el).value).to.equal('Where do you live?');
    expect(part(el, 'waiting')).to.equal(null);
    await waitUntil(() => messageTexts(el).length === 1, 'the greeting never came');
    expect(messageTexts(el)).to.deep.equal([GREETING]);
  });

  it('clears the conversation and its cards in one click', async () => {
    const el = await readyChat();
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector('[slot]'), 'no card');
    (part(el, 'clear') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(messageTexts(el)).to.deep.equal([GREETING]);
    expect(el.querySelector('[slot]')).to.equal(null);
  });

  it('clears mid-reply without leaving half a reply behind', async () => {
    const el = await readyChat();
    await type(el, LONG_QUESTION);
    await waitUntil(() => (messageTexts(el).at(-1) ?? '').includes('word3'));
    (part(el, 'clear') as HTMLButtonElement).click();
    await waitUntil(() => !isGenerating(el));
    await el.updateComplete;
    expect(messageTexts(el)).to.deep.equal([GREETING]);
  });

  it('keeps the conversation when a switch to another model fails', async () => {
    const el = await readyChat();
    await ask(el, 'Where do you live?');
    input(el).value = 'draft';
    el.model = 'no-such-twin';
    await waitUntil(() => part(el, 'notice'), 'no notice');
    expect(messageTexts(el)).to.deep.equal([GREETING, 'Where do you live?', 'I live in Testville, by the sea.']);
    expect(input(el).value).to.equal('draft');
  });

  it('says honestly when the twin does not know', async () => {
    const el = await readyChat();
    await ask(el, 'What is the airspeed of an unladen swallow?');
    expect(messageTexts(el).at(-1)).to.contain("I don't know");
  });
});
