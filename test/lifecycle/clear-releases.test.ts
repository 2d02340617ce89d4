import { expect, waitUntil } from '@open-wc/testing';
import { ask, parts, readyChat } from '../element/helpers.js';

/** Whether the target of `ref` is gone after a rendered frame and a full GC (Chromium with --js-flags=--expose-gc). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  const { gc } = globalThis as { gc?: () => void };
  if (!gc) throw new Error('run with --js-flags=--expose-gc (the lifecycle group does)');
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  gc();
  // A WeakRef lets go only once the job that read it has ended.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return ref.deref() === undefined;
}

// Chromium's shadow root keeps a list of its slots that it rebuilds only when a slot assignment changes; a Clear
// that removed the cards before their slots left every card-holding bubble of the cleared log in it.
describe('Clear', () => {
  it('lets go of the cleared bubbles, those that held a card included', async () => {
    const el = await readyChat();
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector('[slot]'), 'no card');
    const bubble = new WeakRef(parts(el, 'twin').at(-1)!);
    el.clear();
    await el.updateComplete;
    expect(await collected(bubble)).to.equal(true);
  });
});
