/**
 * The page side of bench/soak.mjs: the real <twin-chat> (bundled like dist/, with the tests' fault support) and the
 * steps the soak drives from Node with page.evaluate: mount a chat, ask, inject a fault, measure the heap,
 * search storage. Every step waits on what the visitor would see, never on timers.
 */
import '../../src/index.ts';
import { ScriptedEngine } from '../../src/engines/scripted-engine.ts';
import { hurryTimeouts } from '../../test/support/timeouts.ts';
import { armFault, crashEngineWorkers, disarmFaults, faultEngineWorkers } from '../../test/support/workers.ts';
import { MODEL_CACHE_NAME } from '../../src/worker/model-fetch.ts';
import { conversationBytesPersisted, everythingStored } from '../../test/audit/stored-text.ts';

const ASSETS = '/build/bench/soak/assets/';
const WAIT_MS = 120000;

/** @type {import('../../src/index.js').TwinChat | undefined} */
let chat;
let undoHurry = () => undefined;
let engines = [];
/** Canary calls from payloads (each payload calls window.__xss(n) if it ever runs). */
const executions = [];
window.__xss = (n) => executions.push(String(n));

async function until(condition, what, timeout = WAIT_MS) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const part = (name) => chat.shadowRoot.querySelector(`[part~="${name}"]`);
const parts = (name) => [...chat.shadowRoot.querySelectorAll(`[part~="${name}"]`)];
const messages = () => parts('message').map((bubble) => bubble.querySelector('.text').textContent ?? '');
const busy = () => part('log')?.getAttribute('aria-busy') === 'true';
const input = () => part('input');

function send(question) {
  input().value = question;
  part('send').click();
}

const soak = {
  /** Replaces the chat on the page with a new one; its engine events are recorded. */
  mount(attributes) {
    chat?.remove();
    engines = [];
    chat = document.createElement('twin-chat');
    chat.addEventListener('twin-engine', (event) => engines.push(event.detail));
    for (const [name, value] of Object.entries({ 'asset-base': ASSETS, ...attributes })) chat.setAttribute(name, value);
    document.querySelector('#chats').append(chat);
  },

  async ready() {
    await until(() => engines.length > 0 && !part('progress') && messages().length > 0, 'the twin to load');
    return engines.at(-1);
  },

  /** Asks and waits for the reply; `crashAtFirstWords` kills the engine worker the moment the reply starts. */
  async ask(question, { crashAtFirstWords = false } = {}) {
    const before = messages().length;
    let observer;
    if (crashAtFirstWords) {
      observer = new MutationObserver(() => {
        if (busy() && (messages().at(-1) ?? '').length > 0) {
          observer.disconnect();
          crashEngineWorkers();
        }
      });
      observer.observe(part('log'), { subtree: true, childList: true, characterData: true });
    }
    send(question);
    // The question's bubble and aria-busy come in one render; a reply with nothing visible leaves no bubble.
    await until(() => messages().length > before, 'the question in the log');
    await until(() => !busy(), 'the reply');
    observer?.disconnect();
    const failed = parts('notice').some((notice) => notice.dataset.code === 'reply-failed');
    return { kept: messages()[before] === question, reply: messages()[before + 1] ?? '', failed };
  },

  /** Sends while nothing can answer: the question must stay in the box. */
  sendWhileNotReady(question) {
    send(question);
    return input().value === question;
  },

  /** Sends what the box holds (kept from sendWhileNotReady) and waits for the reply. */
  async sendKept() {
    return soak.ask(input().value);
  },

  async notice(code) {
    await until(() => parts('notice').some((notice) => notice.dataset.code === code), `a ${code} notice`);
    return parts('notice')
      .find((notice) => notice.dataset.code === code)
      .textContent.trim();
  },

  /** Empties the visible log and the history (the chat's Clear). */
  clearLog() {
    chat.clear();
  },

  setAttribute(name, value) {
    chat.setAttribute(name, value);
  },

  engines: () => engines,
  messageCount: () => messages().length,
  crashWorkers: () => crashEngineWorkers(),
  injectFault: (fault) => faultEngineWorkers(fault),
  armFault: (fault) => armFault(fault),
  disarmFaults: () => disarmFaults(),
  /** Hurries every timeout `factor` times; `undoHurry` restores them. */
  hurryTimeouts: (factor) => (undoHurry = hurryTimeouts(factor)),
  undoHurry: () => undoHurry(),
  clearModelCache: () => caches.delete(MODEL_CACHE_NAME),

  /** Puts a copy of `path` with 64 bytes flipped mid-file into the model cache, as disk corruption would. */
  async corruptCached(path) {
    const bytes = new Uint8Array(await (await fetch(path)).arrayBuffer());
    const middle = Math.floor(bytes.length / 2);
    for (let i = middle; i < middle + 64; i++) bytes[i] ^= 0xff;
    const cache = await caches.open(MODEL_CACHE_NAME);
    await cache.put(
      new URL(path, location.href).href,
      new Response(bytes, { headers: { 'content-length': String(bytes.length) } }),
    );
  },

  /** Whether the model cache's copy of `path` has the SHA-256 the micro twin's manifest lists for `file`. */
  async cachedMatchesManifest(path, file) {
    const cached = await (await caches.open(MODEL_CACHE_NAME)).match(new URL(path, location.href).href);
    if (!cached) return false;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await cached.arrayBuffer()));
    const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
    const manifest = await (await fetch('/models/ada-twin/twin.json')).json();
    return hex === manifest.builds.onnx.sha256[file];
  },

  /**
   * The page's JS heap once collection has settled (Chromium with --js-flags=--expose-gc): full GCs 100 ms apart
   * until a reading stops dropping, at most five. One GC straight after a Clear can read up to ~0.9 MB high while
   * the removed log's last references (microtasks, finalizers) are still let go.
   *
   * `reduce`: V8's memory-reducing ("last-resort") collection, the one a heap snapshot or a low-memory signal
   * runs. A plain gc() keeps V8's compilation cache, mostly code compiled for the bench's own page.evaluate calls:
   * it read 70–300 kB high, varying from run to run, where the same turns driven from inside the page leave under
   * 80 kB there, and with the cache switched off (--no-compilation-cache) the two readings agree to within 12 kB.
   * The memory-reducing reading is what the page itself keeps. It runs asynchronously, as its own task with no
   * JavaScript on the stack: a synchronous one called from here can find the just-cleared log through the stack
   * scan, which read the whole log (about 1 MB) as kept in two runs of six.
   */
  async heapAfterGc({ reduce = false } = {}) {
    let lowest = Infinity;
    for (let collection = 0; collection < 5; collection++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Only gc() with no argument is the full collection: gc(undefined) left the cleared log in the reading.
      if (reduce) await globalThis.gc({ type: 'major', execution: 'async', flavor: 'last-resort' });
      else globalThis.gc();
      const used = performance.memory.usedJSHeapSize;
      if (used >= lowest) break;
      lowest = used;
    }
    return lowest;
  },

  /** Streams every payload as model output through a scripted twin: whole words, then 1–4-character pieces. */
  async tryPayloads(payloads, baseManifest) {
    const manifest = await (await fetch(baseManifest)).json();
    const perReply = 10;
    const replies = [];
    for (let start = 0; start < payloads.length; start += perReply)
      replies.push(payloads.slice(start, start + perReply).join('\n'));
    manifest.knowledge = replies.map((reply, index) => ({ q: [`Recite batch ${index}`], a: reply }));
    delete manifest.apps;
    const manifestUrl = URL.createObjectURL(new Blob([JSON.stringify(manifest)], { type: 'application/json' }));
    const registry = URL.createObjectURL(
      new Blob([JSON.stringify([{ id: 'payloads', manifest: manifestUrl }])], { type: 'application/json' }),
    );
    let tried = 0;
    for (const pieces of ['words', 'characters']) {
      soak.mount({ registry, engine: 'scripted' });
      await soak.ready();
      const generate = ScriptedEngine.prototype.generate;
      if (pieces === 'characters') ScriptedEngine.prototype.generate = replayInPieces(generate);
      try {
        for (const index of replies.keys()) {
          await soak.ask(`Recite batch ${index}`);
          tried += Math.min(perReply, payloads.length - index * perReply);
        }
      } finally {
        ScriptedEngine.prototype.generate = generate;
      }
      // Event-handler payloads would fire on load or error; give them a frame and a task to do so.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    }
    return { tried, executions: executions.length };
  },

  /** Bytes of `texts` (every question and reply of the soak, kept by Node, not here) found in any storage. */
  async conversationPersisted(texts) {
    const stored = await everythingStored();
    return { ...conversationBytesPersisted(stored, texts), places: stored.length };
  },
};

/** A scripted reply replayed in 1–4-character pieces, one task each, as model tokens cut a tag anywhere. */
function replayInPieces(generate) {
  return async function (history, options) {
    const result = await generate.call(this, history, { ...options, onText: () => undefined });
    for (let start = 0, size = 1; start < result.text.length; start += size, size = (size % 4) + 1) {
      options.onText(result.text.slice(start, start + size));
      await new Promise((resolve) => setTimeout(resolve));
    }
    return result;
  };
}

window.soak = soak;
