import { expect } from '@open-wc/testing';
import { crashEngineWorkers } from '../support/workers.js';
import { clearModelCache, modelChat, modelReady, type SuiteContext } from '../engines/model-helpers.js';
import { auditQuestions, buildFileUrls, holdConversation, modelCacheUrls } from './audit-helpers.js';
import { conversationBytesPersisted, everythingStored } from './stored-text.js';
import { encodedForms } from './text-encodings.js';

const TURNS = 20;

describe('audit: nothing of the conversation is stored', function (this: SuiteContext) {
  this.timeout(300000);

  afterEach(() => crashEngineWorkers());

  it('finds a question kept in any common encoding, in web storage or a cookie (the audits below can fail)', async () => {
    const [question] = auditQuestions(1) as [string];
    const forms = encodedForms(question);
    expect(forms.map(({ encoding }) => encoding)).to.include.members(['verbatim', 'URL-encoded', 'base64']);
    for (const { encoding, form } of forms) {
      localStorage.setItem('audit-canary', `prefix ${form} suffix`);
      const { bytes, where } = conversationBytesPersisted(await everythingStored(), [question]);
      localStorage.removeItem('audit-canary');
      expect(
        where.some((place) => place.startsWith(`localStorage (${encoding})`)),
        `${encoding} in localStorage`,
      ).to.equal(true);
      expect(bytes).to.be.greaterThan(0);
    }
    // A cookie holds the URL-encoded question, as a page would set it.
    document.cookie = `audit-canary=${encodeURIComponent(question)}`;
    const { where } = conversationBytesPersisted(await everythingStored(), [question]);
    document.cookie = 'audit-canary=; max-age=0';
    expect(where).to.deep.equal([`document.cookie (URL-encoded): "${question.slice(0, 40)}"`]);
  });

  for (const engine of ['wasm', 'scripted'] as const) {
    it(`after ${TURNS} turns on the ${engine === 'wasm' ? 'micro twin' : 'scripted engine'}, no turn is in any storage, and only model files are cached`, async () => {
      await clearModelCache();
      const { el, engines } = await modelChat({ engine });
      await modelReady(el, engines);
      expect(engines.at(-1)!.engine).to.equal(engine === 'wasm' ? 'transformers' : 'scripted');
      const turns = await holdConversation(el, auditQuestions(TURNS));
      const stored = await everythingStored();
      const { bytes, where } = conversationBytesPersisted(stored, turns);
      console.log(
        `bytes of conversation persisted (${engine}, ${TURNS} turns, ${stored.length} places searched): ${bytes}`,
      );
      expect(where).to.deep.equal([]);
      expect(bytes).to.equal(0);
      const modelFiles = new Set(await buildFileUrls('/models/ada-twin/twin.json'));
      const cached = await modelCacheUrls();
      expect(cached.filter((url) => !modelFiles.has(url))).to.deep.equal([]);
      expect(stored.filter(({ where: place }) => place.startsWith('Cache ')).length).to.equal(cached.length);
      if (engine === 'wasm')
        expect(cached).to.include(new URL('/models/ada-twin/onnx/model_quantized.onnx', location.href).href);
    });
  }
});
