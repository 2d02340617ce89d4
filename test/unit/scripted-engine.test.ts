import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import type { LoadProgress } from '../../src/generation/load-progress.js';
import { ScriptedEngine, scriptedAnswer } from '../../src/engines/scripted-engine.js';
import { fixtureManifest } from './fixtures/twin-fixture.js';

const ask = (question: string, earlier: ChatMessage[] = []): ChatMessage[] => [
  { role: 'system', content: fixtureManifest.system },
  ...earlier,
  { role: 'user', content: question },
];

async function loadedEngine(msPerWord = 0): Promise<ScriptedEngine> {
  const engine = new ScriptedEngine({ msPerWord });
  await engine.load(fixtureManifest);
  return engine;
}

describe('scriptedAnswer', () => {
  for (const greeting of ['hi', 'Hello!', 'hey there', 'Good morning, Ada', 'who are you?']) {
    it(`greets for ${JSON.stringify(greeting)}`, () => {
      expect(scriptedAnswer(greeting, fixtureManifest)).to.equal(fixtureManifest.greeting);
    });
  }

  it("prefers the knowledge's own answer to an identity question", () => {
    const manifest = { ...fixtureManifest, knowledge: [{ q: ['Who are you?'], a: "I'm Ada's twin, a small model." }] };
    expect(scriptedAnswer('Who are you?', manifest)).to.equal("I'm Ada's twin, a small model.");
  });

  it('does not mistake a question that starts with a greeting for one', () => {
    expect(scriptedAnswer('Hi, where do you live?', fixtureManifest)).to.equal('I live in Porto, near the river.');
  });

  it('answers with the best match, TOOL line included (the caller parses it)', () => {
    expect(scriptedAnswer('what are you reading', fixtureManifest)).to.equal(fixtureManifest.knowledge[2]!.a);
  });

  it("says honestly that it doesn't know, naming the person, when nothing matches", () => {
    const answer = scriptedAnswer('What is your star sign?', fixtureManifest);
    expect(answer).to.match(/^I don't know that one/);
    expect(answer).to.contain("Ada's notes");
  });
});

describe('ScriptedEngine', () => {
  it('is the scripted engine on no device', () => {
    const engine = new ScriptedEngine();
    expect([engine.kind, engine.device]).to.deep.equal(['scripted', 'none']);
  });

  it('reports ready when loaded', async () => {
    const progress: LoadProgress[] = [];
    await new ScriptedEngine().load(fixtureManifest, { onProgress: (p) => progress.push(p) });
    expect(progress).to.deep.equal([{ phase: 'ready', loaded: 1, total: 1 }]);
  });

  it('refuses to generate before load', async () => {
    const error = await new ScriptedEngine().generate(ask('hi'), { onText: () => {} }).catch((e: Error) => e);
    expect(error).to.be.an('error');
  });

  it('answers the last user message, streamed in word pieces that join into the whole answer', async () => {
    const engine = await loadedEngine();
    const pieces: string[] = [];
    const earlier: ChatMessage[] = [
      { role: 'user', content: 'Where do you live?' },
      { role: 'assistant', content: 'I live in Porto, near the river.' },
    ];
    const result = await engine.generate(ask('What are you reading?', earlier), { onText: (p) => pieces.push(p) });
    const answer = fixtureManifest.knowledge[2]!.a;
    expect(result).to.deep.equal({ text: answer, finish: 'stop' });
    expect(pieces.join('')).to.equal(answer);
    expect(pieces.length).to.equal(answer.split(/\s+/).length);
  });

  it('greets, and admits not knowing', async () => {
    const engine = await loadedEngine();
    expect((await engine.generate(ask('hello'), { onText: () => {} })).text).to.equal(fixtureManifest.greeting);
    expect((await engine.generate(ask('Do you play chess?'), { onText: () => {} })).text).to.match(/^I don't know/);
  });

  it('stops mid-stream on abort and resolves with the partial text', async () => {
    const engine = await loadedEngine(5);
    const controller = new AbortController();
    let streamed = '';
    const result = await engine.generate(ask('What are you reading?'), {
      signal: controller.signal,
      onText: (piece) => {
        streamed += piece;
        if (streamed.trim().split(' ').length === 3) controller.abort();
      },
    });
    expect(result.finish).to.equal('aborted');
    expect(result.text).to.equal(streamed);
    expect(result.text).to.equal('The Quiet Network ');
  });

  it('streams nothing when the signal has already aborted', async () => {
    const engine = await loadedEngine();
    const pieces: string[] = [];
    const result = await engine.generate(ask('hi'), { signal: AbortSignal.abort(), onText: (p) => pieces.push(p) });
    expect(result).to.deep.equal({ text: '', finish: 'aborted' });
    expect(pieces).to.deep.equal([]);
  });

  it('paces the stream with msPerWord, so stop can land mid-reply', async () => {
    const engine = await loadedEngine(20);
    const started = performance.now();
    await engine.generate(ask('Where do you live?'), { onText: () => {} });
    // Seven words, 20 ms each.
    expect(performance.now() - started).to.be.at.least(120);
  });

  it('forgets the manifest on unload', async () => {
    const engine = await loadedEngine();
    engine.reset();
    expect((await engine.generate(ask('hi'), { onText: () => {} })).text).to.equal(fixtureManifest.greeting);
    await engine.unload();
    const error = await engine.generate(ask('hi'), { onText: () => {} }).catch((e: Error) => e);
    expect(error).to.be.an('error');
  });
});
