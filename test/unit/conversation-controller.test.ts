import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { ConversationController, type ConversationHooks } from '../../src/conversation/conversation-controller.js';
import { MAX_INPUT_CHARS } from '../../src/conversation/limits.js';
import type { Engine, GenerateOptions } from '../../src/engines/engine.js';
import { ScriptedEngine } from '../../src/engines/scripted-engine.js';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { PromptTooLongError } from '../../src/generation/context-fit.js';
import type { GenerateResult } from '../../src/generation/reply.js';
import { fixtureApps, fixtureManifest } from './fixtures/twin-fixture.js';

/** A host with no element behind it: the conversation runs without a DOM. */
function bareHost(): ReactiveControllerHost & { updates: number } {
  return {
    updates: 0,
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

type Reported = Partial<Record<keyof ConversationHooks, unknown[][]>>;

/** Where the twin's load stands, as the element would report it; tests move it along. */
const load = { loading: false, stalled: false };

/** Hooks that record every call; a card "shows" unless `cards` says otherwise. */
function recordingHooks(cards = true): { hooks: ConversationHooks; reported: Reported } {
  const reported: Reported = {};
  const note =
    (name: keyof ConversationHooks) =>
    (...args: unknown[]): void => {
      (reported[name] ??= []).push(args);
    };
  const hooks: ConversationHooks = {
    message: note('message'),
    asked: note('asked'),
    replied: note('replied'),
    problem: note('problem'),
    returned: note('returned'),
    card: async (call, slot) => {
      note('card')(call, slot);
      return cards;
    },
    loading: () => load.loading,
    stalled: () => load.stalled,
    groundingThreshold: () => null,
  };
  return { hooks, reported };
}

/** An engine whose replies the test writes, and which keeps every prompt it is given. */
class FakeEngine implements Engine {
  readonly kind = 'transformers';
  readonly device = 'wasm';
  readonly prompts: (readonly ChatMessage[])[] = [];
  resets = 0;
  constructor(
    private readonly reply: (messages: readonly ChatMessage[], options: GenerateOptions) => Promise<GenerateResult>,
  ) {}
  async load(): Promise<void> {}
  generate(messages: readonly ChatMessage[], options: GenerateOptions): Promise<GenerateResult> {
    this.prompts.push(messages);
    return this.reply(messages, options);
  }
  reset(): void {
    this.resets++;
  }
  async unload(): Promise<void> {}
}

async function scripted(msPerWord: number): Promise<ScriptedEngine> {
  const engine = new ScriptedEngine({ msPerWord });
  await engine.load(fixtureManifest);
  return engine;
}

const saying = (text: string) =>
  new FakeEngine(async (_messages, { onText }) => (onText(text), { text, finish: 'stop' }));

function conversation(engine: Engine, cards = true) {
  const { hooks, reported } = recordingHooks(cards);
  const host = bareHost();
  const chat = new ConversationController(host, hooks);
  chat.start(fixtureManifest);
  chat.engine = engine;
  chat.apps = fixtureApps;
  return { chat, reported, host };
}

/** Asks and waits until the reply has settled (and its card, if any, has been asked for). */
async function ask(chat: ConversationController, question: string): Promise<void> {
  expect(chat.ask(question), `"${question}" was refused`).to.equal(true);
  while (chat.generating) await new Promise((resolve) => setTimeout(resolve, 1));
  await new Promise((resolve) => setTimeout(resolve, 1));
}

const texts = (chat: ConversationController) => chat.log.map((entry) => entry.text);

async function settled(chat: ConversationController): Promise<void> {
  while (chat.generating) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('ConversationController, a question asked while the twin loads', () => {
  beforeEach(() => void Object.assign(load, { loading: true, stalled: false }));
  afterEach(() => void Object.assign(load, { loading: false, stalled: false }));

  it('shows it at once and answers it when the engine is ready, without asking again', async () => {
    const { chat, reported } = conversation(saying('unused'));
    chat.engine = undefined;
    expect(chat.ask('Where do you live?')).to.equal(true);
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Where do you live?', '']);
    expect(chat.log.at(-1)?.waiting).to.equal(true);
    expect(chat.generating).to.equal(true);
    expect(chat.ask('Any pets?'), 'a second question while one waits').to.equal(false);
    const engine = saying('I live in Porto.');
    chat.engine = engine;
    await settled(chat);
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Where do you live?', 'I live in Porto.']);
    expect(chat.log.at(-1)?.waiting).to.equal(false);
    expect(engine.prompts.at(-1)?.at(-1)?.content).to.equal('Where do you live?');
    expect(reported.problem).to.equal(undefined);
  });

  it('keeps a question asked before the manifest arrived, behind the greeting', async () => {
    const { hooks } = recordingHooks();
    const chat = new ConversationController(bareHost(), hooks);
    expect(chat.ask('Where do you live?')).to.equal(true);
    expect(texts(chat)).to.deep.equal(['Where do you live?', '']);
    chat.start(fixtureManifest);
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Where do you live?', '']);
    chat.engine = saying('I live in Porto.');
    await settled(chat);
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Where do you live?', 'I live in Porto.']);
  });

  it('can be taken back: stop returns the question to the visitor', () => {
    const { chat, reported } = conversation(saying('unused'));
    chat.engine = undefined;
    chat.ask('Where do you live?');
    chat.stop();
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting]);
    expect(chat.generating).to.equal(false);
    expect(reported.returned).to.deep.equal([['Where do you live?']]);
  });

  it('goes back to the visitor when the load ends with nothing to answer it', () => {
    const { chat, reported } = conversation(saying('unused'));
    chat.engine = undefined;
    chat.ask('Where do you live?');
    load.loading = false;
    chat.loadChanged();
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting]);
    expect(reported.returned).to.deep.equal([['Where do you live?']]);
    expect(reported.problem?.map(([code]) => code)).to.deep.equal(['not-ready']);
  });

  it('gets the scripted twin at once while a download waits for the visitor, marked as its stand-in', async () => {
    const { chat } = conversation(saying('unused'));
    chat.engine = undefined;
    chat.ask('Where do you live?');
    expect(chat.log.at(-1)?.standIn).to.equal(undefined);
    load.stalled = true;
    chat.loadChanged();
    await settled(chat);
    expect(texts(chat)).to.deep.equal([
      fixtureManifest.greeting,
      'Where do you live?',
      'I live in Porto, near the river.',
    ]);
    expect(chat.log.at(-1)?.standIn).to.equal(true);
    expect(chat.log.at(-1)?.provenance?.grounded).to.equal(true);
    // Asked while the download still waits, the next question goes to the scripted twin straight away.
    expect(chat.ask('Which city are you in?')).to.equal(true);
    await settled(chat);
    expect(chat.log.at(-1)?.standIn).to.equal(true);
    expect(chat.log.at(-1)?.text).to.equal('I live in Porto, near the river.');
  });
});

describe('ConversationController, without a DOM', () => {
  it('opens with the greeting, grounded as the manifest’s own words', () => {
    const { chat, reported } = conversation(saying('unused'));
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting]);
    expect(reported.message).to.deep.equal([
      ['twin', fixtureManifest.greeting, { grounded: true, declined: false, score: 1, source: null }],
    ]);
  });

  it('walks a question to a finished reply with its provenance, history and card', async () => {
    const engine = saying('Here they are.\nTOOL {"app":"projects","params":{}}');
    const { chat, reported, host } = conversation(engine);
    await ask(chat, 'Show me your projects');
    expect(engine.prompts[0]).to.deep.equal([
      { role: 'system', content: fixtureManifest.system },
      { role: 'user', content: 'Show me your projects' },
    ]);
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Show me your projects', 'Here they are.']);
    const reply = chat.log.at(-1);
    expect(reply?.streaming).to.equal(false);
    expect(reply?.provenance?.grounded).to.equal(true);
    expect(reply?.cardSlot).to.equal('twin-card-0');
    expect(reported.card).to.deep.equal([[{ app: 'projects', params: {}, source: 'model' }, 'twin-card-0']]);
    expect(reported.replied).to.deep.equal([['Here they are.']]);
    expect(reported.asked).to.have.length(1);
    expect(chat.history.messages.map((message) => message.content)).to.deep.equal([
      'Show me your projects',
      'Here they are.',
    ]);
    expect(host.updates).to.be.greaterThan(3);
  });

  it('takes the slot back when no card could be shown', async () => {
    const { chat } = conversation(saying('Here they are.\nTOOL {"app":"projects","params":{}}'), false);
    await ask(chat, 'Show me your projects');
    expect(chat.log.at(-1)?.cardSlot).to.equal(undefined);
  });

  it('marks a model reply no note supports as improvised', async () => {
    const { chat } = conversation(saying('I breed alpacas on the moon.'));
    await ask(chat, 'What do you do on weekends?');
    expect(chat.log.at(-1)?.provenance?.grounded).to.equal(false);
  });

  it('caps the prompt history and keeps TOOL lines out of it', async () => {
    const engine = saying('Mostly small tools.\nTOOL {"app":"projects","params":{}}');
    const { chat } = conversation(engine);
    chat.history.setLimits({ maxMessages: 2, maxChars: 6000 });
    await ask(chat, 'What are you building?');
    await ask(chat, 'Where do you live?');
    await ask(chat, 'Any pets?');
    expect(engine.prompts[1]?.map((message) => message.content)).to.deep.equal([
      fixtureManifest.system,
      'What are you building?',
      'Mostly small tools.',
      'Where do you live?',
    ]);
    expect(engine.prompts[2]?.map((message) => message.role)).to.deep.equal(['system', 'user', 'assistant', 'user']);
    expect(engine.prompts[2]?.[1]?.content).to.equal('Where do you live?');
  });

  it('clears the log, the history and the engine’s cache, and greets again', async () => {
    const engine = saying('In Porto.');
    const { chat } = conversation(engine);
    await ask(chat, 'Where do you live?');
    chat.clear();
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting]);
    expect(chat.history.messages).to.deep.equal([]);
    expect(engine.resets).to.be.greaterThan(0);
    await ask(chat, 'Where do you live?');
    expect(engine.prompts.at(-1)?.map((message) => message.role)).to.deep.equal(['system', 'user']);
  });

  it('keeps the question and what streamed when the engine fails mid-reply, and says why', async () => {
    const engine = new FakeEngine(async (_messages, { onText }) => {
      onText('Half an ');
      onText('answer');
      throw new Error('the GPU fell over');
    });
    const { chat, reported } = conversation(engine);
    await ask(chat, 'Where do you live?');
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Where do you live?', 'Half an answer']);
    expect(reported.problem?.[0]?.[0]).to.equal('reply-failed');
    expect(String(reported.problem?.[0]?.[1])).to.contain('the GPU fell over');
  });

  it('hands a question the model cannot read back to the visitor', async () => {
    const engine = new FakeEngine(async () => {
      throw new PromptTooLongError('That message is too long for this twin.');
    });
    const { chat, reported } = conversation(engine);
    await ask(chat, 'Where do you live?');
    expect(reported.returned).to.deep.equal([['Where do you live?']]);
    expect(reported.problem).to.deep.equal([['input-too-long', 'That message is too long for this twin.']]);
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Where do you live?']);
  });

  it('hands the question back when the model ends its reply without a word', async () => {
    const { chat, reported } = conversation(saying(' \n'));
    await ask(chat, 'Where do you live?');
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting, 'Where do you live?']);
    expect(reported.returned).to.deep.equal([['Where do you live?']]);
    expect(reported.problem?.map(([code]) => code)).to.deep.equal(['reply-empty']);
    expect(reported.replied).to.equal(undefined);
  });

  it('refuses a question over the limit, a blank one, and one asked after the twin failed to load', () => {
    const { chat, reported } = conversation(saying('unused'));
    expect(chat.ask('x'.repeat(MAX_INPUT_CHARS + 1))).to.equal(false);
    expect(chat.ask('   ')).to.equal(false);
    chat.engine = undefined;
    expect(chat.ask('Where do you live?')).to.equal(false);
    expect(reported.problem?.map(([code]) => code)).to.deep.equal(['input-too-long', 'not-ready']);
    expect(texts(chat)).to.deep.equal([fixtureManifest.greeting]);
  });

  it('answers one question at a time: a second ask while a reply streams is ignored', async () => {
    const { chat } = conversation(await scripted(1));
    expect(chat.ask('Where do you live?')).to.equal(true);
    expect(chat.ask('Any pets?')).to.equal(false);
    while (chat.generating) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(texts(chat)).to.deep.equal([
      fixtureManifest.greeting,
      'Where do you live?',
      'I live in Porto, near the river.',
    ]);
  });

  it('keeps a stopped reply as far as it came, with no card', async () => {
    const { chat, reported } = conversation(await scripted(5));
    chat.ask('Show me your projects');
    // Stopped the moment the first word is in: the check and the stop run in one turn, so no word slips between.
    while (texts(chat).at(-1) !== 'Here ') await new Promise((resolve) => setTimeout(resolve, 1));
    chat.stop();
    while (chat.generating) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(texts(chat).at(-1)).to.equal('Here ');
    expect(reported.card).to.equal(undefined);
  });
});
