import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Engine } from '../engines/engine.js';
import { PromptTooLongError } from '../generation/context-fit.js';
import type { Grounding } from '../honesty/grounding.js';
import { fixedTextProvenance, modelReplyProvenance } from '../honesty/provenance.js';
import type { AppsData } from '../models/apps-data.js';
import type { TwinManifest } from '../models/manifest.js';
import type { ToolCall } from '../tools/tool-call.js';
import { visibleWhileStreaming } from '../tools/tool-line.js';
import type { FinishedReply } from './finish-reply.js';
import { ConversationHistory, buildPromptMessages } from './history.js';
import { DEFAULT_HISTORY_LIMITS, MAX_INPUT_CHARS } from './limits.js';
import { cardSlotName, type LogEntry, type MessageRole } from './log-entry.js';

/** What can go wrong with one question; each becomes one notice. */
export type ConversationProblem = 'input-too-long' | 'not-ready' | 'reply-failed' | 'reply-empty';

/** How the conversation reports back; the element turns these into events, notices, the live region and cards. */
export interface ConversationHooks {
  /** A message entered the log whole: the greeting, a question, or a finished or stopped reply. */
  message(role: MessageRole, text: string, provenance: Grounding | undefined): void;
  /** A question was accepted; its reply starts streaming now. */
  asked(): void;
  /** A reply finished with something to say, once. */
  replied(text: string): void;
  /** A reply opens an app. Resolves true once a card shows in `slot`, false when none could be shown. */
  card(call: ToolCall, slot: string): Promise<boolean>;
  problem(code: ConversationProblem, message: string): void;
  /** The model cannot read the question (too long even alone): it goes back to the visitor to shorten. */
  returned(question: string): void;
  /** Whether the twin is still loading: a question asked now waits for it instead of being refused. */
  loading(): boolean;
  /** Whether the load waits on the visitor (a download's go-ahead): a waiting question gets the scripted twin. */
  stalled(): boolean;
  /** The share of a reply its best note must support to count as grounded; null uses the calibrated default. */
  groundingThreshold(): number | null;
}

/**
 * The conversation without a screen: the log, the prompt history, and each reply's life from question to
 * finished message with its provenance and card (ARCHITECTURE.md, "How a question becomes a reply"). The element
 * hands it the visitor's question and renders what it holds; everything else is reported through the hooks.
 */
export class ConversationController implements ReactiveController {
  /** The bubbles, oldest first. Replaced, never mutated, on every change, so the host re-renders. */
  log: readonly LogEntry[] = [];
  /** True from an accepted question until its reply has settled. */
  generating = false;
  readonly history = new ConversationHistory(DEFAULT_HISTORY_LIMITS);
  /** The app data the router and the cards read. */
  apps: AppsData | undefined;
  #engine: Engine | undefined;
  #manifest: TwinManifest | undefined;
  /** The question asked while the twin loads, and the bubble its reply will fill. */
  #waiting: { question: string; entryId: number } | undefined;
  #reply: AbortController | undefined;
  #nextEntryId = 0;
  #nextCardIndex = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: ConversationHooks,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  get manifest(): TwinManifest | undefined {
    return this.#manifest;
  }

  /** The engine that answers; none while the twin loads. A question waiting for one is answered when it comes. */
  get engine(): Engine | undefined {
    return this.#engine;
  }

  set engine(engine: Engine | undefined) {
    this.#engine = engine;
    const waiting = this.#waiting;
    if (!engine || !waiting || !this.#manifest) return;
    this.#waiting = undefined;
    this.#patch(waiting.entryId, { waiting: false });
    void this.#answer(engine, this.#manifest, waiting.question, waiting.entryId);
  }

  /** A new twin starts a new conversation, opened by its greeting; a question still waiting moves along to it. */
  start(manifest: TwinManifest): void {
    const waiting = this.#waiting?.question;
    this.#manifest = manifest;
    this.clear();
    if (waiting) this.#wait(waiting);
  }

  /** Empties the log and the prompt history, and drops any reply still streaming; the greeting opens it again. */
  clear(): void {
    this.#reply?.abort();
    this.#dropWaiting();
    this.history.clear();
    this.engine?.reset();
    this.#set({ log: [] });
    if (this.#manifest) this.#add('twin', this.#manifest.greeting);
  }

  /** Stops the reply under way (what arrived so far stays), or takes back a question still waiting for the twin. */
  stop(): void {
    this.#reply?.abort();
    const question = this.#dropWaiting();
    if (question !== undefined) this.hooks.returned(question);
  }

  /**
   * The load has settled. A question still waiting has nothing coming to answer it: it goes back to the box.
   * A load that now waits on the visitor (a download's go-ahead) gets the scripted twin to answer meanwhile.
   */
  loadChanged(): void {
    if (!this.#waiting || this.engine) return;
    if (this.hooks.stalled()) {
      void this.#standIn();
    } else if (!this.hooks.loading()) {
      const question = this.#dropWaiting();
      if (question !== undefined) this.hooks.returned(question);
      this.hooks.problem(
        'not-ready',
        'The twin could not be loaded, so nothing can answer — your text is back in the box.',
      );
    }
  }

  /**
   * Starts the reply to `question`, or refuses it with a notice (too long, the twin failed to load) and returns
   * false, so the text stays where the visitor typed it. Asked while the twin loads, the question shows at once
   * and its reply starts when an engine is ready. A question sent while a reply is running (or waiting) is
   * ignored: the flag is set before anything is awaited, so a second click in the same moment sends nothing.
   */
  ask(question: string): boolean {
    const asked = question.trim();
    if (this.generating || !asked) return false;
    if (asked.length > MAX_INPUT_CHARS) {
      this.hooks.problem(
        'input-too-long',
        `Your message is ${asked.length} characters long; the limit is ${MAX_INPUT_CHARS}. ` +
          'Please shorten it — your text is still in the box.',
      );
      return false;
    }
    const { engine } = this;
    const manifest = this.#manifest;
    if (engine && manifest) {
      this.#set({ generating: true });
      this.hooks.asked();
      this.#add('user', asked);
      void this.#answer(engine, manifest, asked, this.#add('twin', '', true).id);
      return true;
    }
    if (!this.hooks.loading()) {
      this.hooks.problem(
        'not-ready',
        'The twin could not be loaded, so nothing can answer — your text is still in the box.',
      );
      return false;
    }
    this.hooks.asked();
    this.#wait(asked);
    this.loadChanged();
    return true;
  }

  /** Shows a question asked while the twin loads, with the bubble its reply will fill. */
  #wait(question: string): void {
    this.#set({ generating: true });
    this.#add('user', question);
    this.#waiting = { question, entryId: this.#add('twin', '', true, { waiting: true }).id };
  }

  /** Takes a waiting question out of the log; returns it, if there was one. */
  #dropWaiting(): string | undefined {
    const waiting = this.#waiting;
    if (!waiting) return undefined;
    this.#waiting = undefined;
    // The question's bubble sits just before its reply's.
    const dropped = new Set([waiting.entryId - 1, waiting.entryId]);
    this.#set({ generating: false, log: this.log.filter((entry) => !dropped.has(entry.id)) });
    return waiting.question;
  }

  /** The scripted twin answers a waiting question while the model waits for the visitor's download choice. */
  async #standIn(): Promise<void> {
    const waiting = this.#waiting;
    const manifest = this.#manifest;
    if (!waiting || !manifest) return;
    this.#waiting = undefined;
    this.#patch(waiting.entryId, { waiting: false, standIn: true });
    const { ScriptedEngine } = await import('../engines/scripted-engine.js');
    const scripted = new ScriptedEngine();
    await scripted.load(manifest);
    await this.#answer(scripted, manifest, waiting.question, waiting.entryId);
  }

  /** Whether a card is still wanted in `slot`: a clear drops the bubble it was for. */
  showsCardSlot(slot: string): boolean {
    return this.log.some((entry) => entry.cardSlot === slot);
  }

  async #answer(engine: Engine, manifest: TwinManifest, question: string, entryId: number): Promise<void> {
    const reply = new AbortController();
    this.#reply = reply;
    const { text, call } = await this.#generate(engine, manifest, question, entryId, reply.signal);
    // Once per finished reply, never per streamed piece, and before `generating` is cleared so no new question
    // slips in first; the scripted engine's answers are fixed text.
    const provenance =
      engine.kind === 'scripted'
        ? fixedTextProvenance(text, manifest.knowledge)
        : await modelReplyProvenance(text, question, manifest.knowledge, this.hooks.groundingThreshold());
    if (this.#reply === reply) this.#reply = undefined;
    this.#set({ generating: false });
    // A clear or a model switch during the reply has already dropped its bubble; nothing is left to settle.
    if (!this.log.some((entry) => entry.id === entryId)) return;
    this.#settle(entryId, question, text, provenance);
    if (text && call) await this.#placeCard(entryId, call);
  }

  /** Streams one reply into its bubble; a stop keeps what arrived, a failure keeps it too and says why. */
  async #generate(
    engine: Engine,
    manifest: TwinManifest,
    question: string,
    entryId: number,
    signal: AbortSignal,
  ): Promise<FinishedReply> {
    let raw = '';
    try {
      // Loaded with the first reply, not with the page: the router, the TOOL-line parser, the scripted answers.
      const { finishReply } = await import('./finish-reply.js');
      const messages = buildPromptMessages(manifest.system, this.history.messages, question);
      const fromModel = () => engine.kind !== 'scripted';
      const result = await engine.generate(messages, {
        signal,
        onText: (piece) => {
          raw += piece;
          this.#patch(entryId, { text: visibleWhileStreaming(raw, fromModel()) });
        },
        onRestart: () => {
          raw = '';
          this.#patch(entryId, { text: '' });
        },
      });
      if (result.finish === 'aborted') return { text: visibleWhileStreaming(result.text, fromModel()), call: null };
      const finished = finishReply(result.text, question, manifest, this.apps, fromModel());
      // A model can end its reply before saying anything: the empty bubble goes (#settle), and the question goes
      // back to an empty box so the visitor can ask it another way.
      if (!finished.text) {
        this.hooks.returned(question);
        this.hooks.problem('reply-empty', 'The twin ended its reply without a word; try asking it another way.');
      }
      return finished;
    } catch (error) {
      if (error instanceof PromptTooLongError) {
        this.hooks.returned(question);
        this.hooks.problem('input-too-long', error.message);
      } else if (!signal.aborted) this.hooks.problem('reply-failed', `The reply failed: ${String(error)}`);
      return { text: visibleWhileStreaming(raw, engine.kind !== 'scripted'), call: null };
    }
  }

  /** Settles a finished (or stopped) reply: shown, remembered for the prompt, reported once; an empty one goes. */
  #settle(entryId: number, question: string, text: string, provenance: Grounding): void {
    if (!text) {
      this.#set({ log: this.log.filter((entry) => entry.id !== entryId) });
      return;
    }
    this.#patch(entryId, { text, streaming: false, provenance });
    this.history.add({ role: 'user', content: question });
    this.history.add({ role: 'assistant', content: text });
    this.hooks.replied(text);
    this.hooks.message('twin', text, provenance);
  }

  /** The slot is in the bubble before the host hears of the card, so a card appended at once shows at once. */
  async #placeCard(entryId: number, call: ToolCall): Promise<void> {
    const slot = cardSlotName(this.#nextCardIndex++);
    this.#patch(entryId, { cardSlot: slot });
    await this.host.updateComplete;
    if (!(await this.hooks.card(call, slot))) this.#patch(entryId, { cardSlot: undefined });
  }

  #add(role: MessageRole, text: string, streaming = false, extra: Partial<LogEntry> = {}): LogEntry {
    const entry: LogEntry = { ...extra, id: this.#nextEntryId++, role, text, streaming };
    // A twin message added whole is the greeting: the manifest's own words.
    if (role === 'twin' && !streaming && this.#manifest)
      entry.provenance = fixedTextProvenance(text, this.#manifest.knowledge);
    this.#set({ log: [...this.log, entry] });
    if (!streaming) this.hooks.message(role, text, entry.provenance);
    return entry;
  }

  #patch(id: number, patch: Partial<LogEntry>): void {
    this.#set({ log: this.log.map((entry) => (entry.id === id ? { ...entry, ...patch } : entry)) });
  }

  #set(patch: Partial<Pick<ConversationController, 'log' | 'generating'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }
}
