import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { crashEngineWorkers, liveEngineWorkers } from '../support/workers.js';
import type { TwinChat, TwinEngineDetail } from '../../src/index.js';
import {
  MICRO_REGISTRY,
  ORT_ASSETS,
  askModel,
  bakedAnswer,
  modelReady,
  type SuiteContext,
} from '../engines/model-helpers.js';

/** Counts Worker.terminate() calls on the page: the only way a worker's memory (and GPU device) is really freed. */
function countTerminations(): { count: () => number; restore: () => void } {
  const original = Worker.prototype.terminate;
  let terminated = 0;
  Worker.prototype.terminate = function (this: Worker) {
    terminated++;
    return original.call(this);
  };
  return { count: () => terminated, restore: () => (Worker.prototype.terminate = original) };
}

/** A micro-twin chat on WASM inside `host`, with its engine events recorded. */
function microChat(): { el: TwinChat; engines: TwinEngineDetail[] } {
  const el = document.createElement('twin-chat');
  const engines: TwinEngineDetail[] = [];
  el.addEventListener('twin-engine', (event) => engines.push(event.detail));
  Object.assign(el, { registry: MICRO_REGISTRY, engine: 'wasm', assetBase: ORT_ASSETS });
  return { el, engines };
}

async function expectsBakedAnswer(el: TwinChat, question = 'What are you reading?'): Promise<void> {
  el.clear();
  expect(await askModel(el, question)).to.equal(await bakedAnswer(question));
}

describe('element lifecycle with a model', function (this: SuiteContext) {
  this.timeout(240000);

  afterEach(() => crashEngineWorkers());

  it('removing the element terminates its worker; inserting it again loads and answers', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const { el, engines } = microChat();
    host.append(el);
    await modelReady(el, engines);
    expect(liveEngineWorkers().length).to.equal(1);
    const terminations = countTerminations();
    try {
      el.remove();
      await waitUntil(() => terminations.count() === 1, 'the worker was not terminated', { timeout: 10000 });
      expect(liveEngineWorkers().length).to.equal(0);
    } finally {
      terminations.restore();
    }
    engines.length = 0;
    host.append(el);
    await waitUntil(() => engines.length > 0, 'no engine after re-insertion', { timeout: 60000 });
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    expect(liveEngineWorkers().length).to.equal(1);
    await expectsBakedAnswer(el);
  });

  it('on WebGPU, removing the element disposes the model (its GPU buffers) before the worker is terminated', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const { el, engines } = microChat();
    el.engine = 'webgpu';
    host.append(el);
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'webgpu' }]);
    const events: string[] = [];
    const post = Worker.prototype.postMessage;
    const terminate = Worker.prototype.terminate;
    Worker.prototype.postMessage = function (this: Worker, message: { type?: string }, ...rest: unknown[]) {
      if (message?.type === 'unload') {
        events.push('unload asked');
        this.addEventListener('message', ({ data }) => data?.type === 'unloaded' && events.push('model disposed'));
      }
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    } as Worker['postMessage'];
    Worker.prototype.terminate = function (this: Worker) {
      events.push('worker terminated');
      return terminate.call(this);
    };
    try {
      el.remove();
      await waitUntil(() => events.length === 3, `only ${events.join(', ')}`, { timeout: 10000 });
    } finally {
      Worker.prototype.postMessage = post;
      Worker.prototype.terminate = terminate;
    }
    // The worker says "unloaded" only after ORT released its sessions' GPU buffers (model.dispose()); a worker that
    // never answered would be terminated by the grace timer with no such message. (The page's own handler, which
    // terminates, hears it before this listener, so the two are compared as a set.)
    expect(events[0]).to.equal('unload asked');
    expect(events.slice(1).sort()).to.deep.equal(['model disposed', 'worker terminated']);
    expect(liveEngineWorkers().length).to.equal(0);
  });

  it("two elements share one model and each survives the other's removal, in either order", async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const first = microChat();
    const second = microChat();
    host.append(first.el, second.el);
    await modelReady(first.el, first.engines);
    await modelReady(second.el, second.engines);
    expect(liveEngineWorkers().length).to.equal(1);
    first.el.remove();
    expect(liveEngineWorkers().length).to.equal(1);
    await expectsBakedAnswer(second.el);
    first.engines.length = 0;
    host.append(first.el);
    await modelReady(first.el, first.engines);
    expect(liveEngineWorkers().length).to.equal(1);
    second.el.remove();
    await expectsBakedAnswer(first.el, 'Where do you live?');
    first.el.remove();
    await waitUntil(() => liveEngineWorkers().length === 0, 'the last chat kept its worker', { timeout: 10000 });
  });
});
