import { expect } from '@open-wc/testing';
import { crashEngineWorkers } from '../support/workers.js';
import { ask, messageTexts } from '../element/helpers.js';
import {
  MICRO_REGISTRY,
  ORT_ASSETS,
  askModel,
  clearModelCache,
  modelChat,
  modelReady,
  type SuiteContext,
} from '../engines/model-helpers.js';
import { browserRequests, buildFileUrls, isPageCode, type BrowserRequest } from './audit-helpers.js';

const MANIFEST = '/models/ada-twin/twin.json';
const abs = (path: string) => new URL(path, location.href).href;
/** The JSON documents the attributes configure: the registry, the manifest it names, the manifest's app data. */
const CONFIGURED_JSON = [MICRO_REGISTRY, MANIFEST, '/models/ada-twin/apps.json'].map(abs);

/** What is left once the page's own code is set aside, as "type url" lines. */
function beyondPageCode(requests: readonly BrowserRequest[]): string[] {
  return requests.filter((request) => !isPageCode(request)).map(({ type, url }) => `${type} ${url}`);
}

describe('audit: what leaves the tab', function (this: SuiteContext) {
  this.timeout(120000);

  afterEach(() => crashEngineWorkers());

  it('sees every request, from a worker and to another origin too (the audit below can fail)', async () => {
    await browserRequests(true);
    await fetch('http://audit-canary.invalid/page').catch(() => undefined);
    const worker = new Worker(
      URL.createObjectURL(new Blob(["fetch('http://audit-canary.invalid/worker').catch(() => 0)"])),
    );
    const seen = async () => (await browserRequests()).map(({ url }) => url);
    for (let i = 0; i < 50 && !(await seen()).includes('http://audit-canary.invalid/worker'); i++)
      await new Promise((r) => setTimeout(r, 100));
    worker.terminate();
    expect(await seen()).to.include.members(['http://audit-canary.invalid/page', 'http://audit-canary.invalid/worker']);
  });

  it("scripted mode fetches the configured JSON and nothing else beyond the page's own code", async () => {
    await browserRequests(true);
    const { el, engines } = await modelChat({ engine: 'scripted' });
    await modelReady(el, engines);
    for (const question of ['Where do you live?', 'What are you reading?', 'How can I reach you?'])
      await ask(el, question);
    expect(messageTexts(el)).to.have.length(7);
    const requests = await browserRequests();
    expect(beyondPageCode(requests).sort()).to.deep.equal(CONFIGURED_JSON.map((url) => `fetch ${url}`).sort());
    expect(requests.every(({ url }) => new URL(url).origin === location.origin)).to.equal(true);
  });

  it('model mode fetches only the configured JSON, the files the manifest lists for its build, and the assets from asset-base', async () => {
    await clearModelCache();
    await browserRequests(true);
    const { el, engines } = await modelChat({ engine: 'wasm' });
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    for (const question of ['Where do you live?', 'What are you reading?']) await askModel(el, question);
    const allowed = new Set([
      ...CONFIGURED_JSON,
      ...(await buildFileUrls(MANIFEST)),
      ...['twin-chat-assets.json', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'].map((file) =>
        abs(`${ORT_ASSETS}${file}`),
      ),
    ]);
    const outside = beyondPageCode(await browserRequests()).filter((line) => !allowed.has(line.split(' ')[1]!));
    expect(outside).to.deep.equal([]);
    const requested = new Set(beyondPageCode(await browserRequests()).map((line) => line.split(' ')[1]));
    expect(requested.has(abs('/models/ada-twin/onnx/model_quantized.onnx'))).to.equal(true);
  });
});
