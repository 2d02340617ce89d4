import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ConversationHistory, buildPromptMessages } from '../conversation/history.js';
import { PromptTooLongError } from '../conversation/context-fit.js';
import { MAX_INPUT_CHARS } from '../conversation/limits.js';
import { DEFAULT_ASSET_BASE } from '../engines/asset-base.js';
import type { Grounding } from '../honesty/grounding.js';
import type { DownloadRequest } from '../engines/download-consent.js';
import type { Engine } from '../engines/engine.js';
import type { EngineSetting } from '../engines/engine-selection.js';
import type { TwinManifest } from '../models/manifest.js';
import { LoadError, type LoadErrorCode } from '../models/load-error.js';
import { DEFAULT_REGISTRY_URL, type ResolvedEntry } from '../models/registry.js';
import { TwinLoader } from '../models/twin-loader.js';
import type { MicController, SpeechProblem } from '../speech/mic-controller.js';
import { browserMicEnvironment } from '../speech/mic-environment.js';
import { browserSpeechSynthesis, speakReply } from '../speech/spoken-replies.js';
import type { AppsData } from '../tools/apps-data.js';
import type { ToolCall } from '../tools/tool-call.js';
import { visibleWhileStreaming } from '../tools/tool-line.js';
import { CARD_SLOT_SELECTOR, cardSlotName, registerPageRenderer, renderCardElement } from './card-slots.js';
import type { CardRenderer } from './cards/card-renderer.js';
import { renderComposer } from './composer.js';
import { engineName, renderDownloadPrompt, renderEngineLabel, renderProgress, type EngineLabel } from './engine-status.js';
import { emit, type MessageRole, type TwinErrorCode, type TwinProgressDetail } from './events.js';
import { renderLauncher } from './launcher.js';
import { renderMessage, type LogEntry } from './message-view.js';
import { IDLE_MIC, renderMicButton } from './mic-button.js';
import { renderModelPicker, type PickerChoice } from './model-picker.js';
import {
  DEFAULT_GROUNDED_LABEL,
  DEFAULT_IMPROVISED_LABEL,
  fixedTextProvenance,
  modelReplyProvenance,
  renderProvenance,
  type ProvenanceView,
} from './provenance.js';
import { renderSpeakerButton } from './speaker-button.js';
import { renderNotice, withNotice, withoutNotices, type Notice } from './notices.js';
import { styles } from './styles.js';

export const DEFAULT_BANNER = 'This on-device AI will lie, confidently.';

/** Notices about where the twin comes from; changing a source attribute clears them, as it may fix them. */
const LOAD_CODES: readonly TwinErrorCode[] = [
  'registry-unreachable',
  'registry-invalid',
  'unknown-model',
  'manifest-unreachable',
  'manifest-invalid',
  'apps-unreachable',
  'apps-invalid',
  'unknown-engine',
  'engine-failed',
  'engine-fallback',
  'model-not-cached',
];
/** How near the end of the log counts as "at the end": about two lines. */
const FOLLOW_SLACK_PX = 48;
/** Notices about one refused send; an accepted send clears them. */
const SEND_CODES: readonly TwinErrorCode[] = ['input-too-long', 'not-ready'];
/** Notices about one recording; the next hold of the mic button clears them. */
const SPEECH_CODES: readonly SpeechProblem[] = [
  'mic-denied',
  'mic-missing',
  'mic-unavailable',
  'clip-too-short',
  'clip-too-long',
  'speech-empty',
  'speech-model-unreachable',
  'speech-failed',
];

/**
 * `<twin-chat>`: a chat with a person's on-device twin (DESIGN seam 1). It loads the registry, the twin's
 * manifest and app data, asks an engine for replies, streams them into the log, and shows each reply's card in
 * a named slot. Only this element touches the DOM; everything it imports is plain logic.
 *
 * @fires twin-message - {role: 'user' | 'twin', text, grounded?, score?, source?}: a message entered the log (greeting, question, finished or stopped reply); twin messages carry their grounding in the person's notes.
 * @fires twin-tool - {app, params, source: 'model' | 'router', slot}: a reply opens an app; append an element with `slot` to show it.
 * @fires twin-engine - {engine, device}: an engine has loaded and answers from now on (again after each step down the ladder).
 * @fires twin-progress - {phase, loaded, total}: loading the registry, manifest, app data or engine.
 * @fires twin-error - {code, message}: something failed; the same message is shown as a notice.
 *
 * @slot twin-card-<n> - One reply's card; the element creates the name and announces it in `twin-tool`.
 *
 * @csspart launcher - The floating button of launcher mode.
 * @csspart panel - The chat panel.
 * @csspart header - The panel's top bar: title, model picker, clear button.
 * @csspart model-picker - The <select> of registry models plus "scripted".
 * @csspart clear - The button that empties the conversation.
 * @csspart speaker - The toggle that reads finished replies aloud with an on-device voice (off on every page load; hidden with speech="off").
 * @csspart banner - The warning line under the header.
 * @csspart engine - The header's label naming the engine that answers ("transformers.js · WASM · from cache").
 * @csspart progress - The <progress> bar shown while loading.
 * @csspart progress-text - What is loading, with bytes while a model downloads.
 * @csspart cancel - The button that cancels a model download under way.
 * @csspart consent - The question shown before a large download (or under Save-Data), with the model's size.
 * @csspart consent-accept - Its "Download" button.
 * @csspart consent-decline - Its "Not now" button (the scripted twin answers).
 * @csspart notice - One problem message (role="alert").
 * @csspart notice-dismiss - A notice's close button.
 * @csspart log - The scrolling conversation (role="log").
 * @csspart message - One bubble; also `user` or `twin`.
 * @csspart user - A visitor's bubble.
 * @csspart twin - A twin's bubble.
 * @csspart card - The box in a twin bubble that holds its card slot.
 * @csspart provenance - The marker under a finished twin message: "from <person>'s notes" or "improvised — may be false"; also `grounded` or `improvised`.
 * @csspart grounded - A marker of a message supported by the person's notes.
 * @csspart improvised - A marker of a message no note supports.
 * @csspart provenance-note - The marker's tooltip (on hover or focus): the matching note, or that none matched.
 * @csspart composer - The input row.
 * @csspart input - The message <textarea>.
 * @csspart send - The send button.
 * @csspart stop - The stop button (enabled while a reply streams).
 * @csspart mic - The hold-to-talk button (hidden without a microphone API, or with speech="off"); aria-pressed while recording.
 * @csspart mic-level - The input level bar inside the mic button while recording.
 * @csspart mic-status - Beside the mic: "Recording 0:03", "Transcribing…", or the speech model's download progress.
 *
 * @cssprop --twin-bg - Panel background.
 * @cssprop --twin-surface - Header background.
 * @cssprop --twin-text - Text colour.
 * @cssprop --twin-muted - Secondary text (banner).
 * @cssprop --twin-border - Borders.
 * @cssprop --twin-accent - Send and launcher buttons, progress bar.
 * @cssprop --twin-accent-text - Text on the accent colour.
 * @cssprop --twin-user-bg - Visitor bubbles.
 * @cssprop --twin-twin-bg - Twin bubbles.
 * @cssprop --twin-notice-bg - Notice background.
 * @cssprop --twin-notice-text - Notice text.
 * @cssprop --twin-focus - Focus ring.
 * @cssprop --twin-grounded - Text and border of the "from <person>'s notes" marker.
 * @cssprop --twin-improvised - Text and border of the "improvised" marker.
 * @cssprop --twin-radius - Corner radius of the panel (bubbles, inputs and cards scale from it).
 * @cssprop --twin-font - Font family.
 * @cssprop --twin-font-size - Base font size.
 * @cssprop --twin-width - Panel width.
 * @cssprop --twin-height - Panel height.
 * @cssprop --twin-launcher-inset - Launcher distance from the viewport's bottom-right corner.
 * @cssprop --twin-z-index - Launcher stacking order.
 */
export class TwinChat extends LitElement {
  static override styles = styles;

  /** Registers a card renderer for `app` on every <twin-chat> of the page. */
  static registerRenderer(app: string, renderer: CardRenderer): void {
    registerPageRenderer(app, renderer);
  }

  /** A model id from the registry; empty picks the registry's first model. */
  @property() model = '';
  /** URL of the registry JSON; empty uses models/registry.json beside the script. */
  @property() registry = '';
  /** URL of the app data JSON; empty uses the manifest's `apps`. */
  @property() apps = '';
  /** `auto` lets the capability probes choose; `webllm`, `webgpu`, `wasm` or `scripted` starts at that rung. */
  @property() engine: EngineSetting = 'auto';
  /** A warning shown above the log; an empty string hides it. */
  @property() banner = DEFAULT_BANNER;
  @property() placeholder = 'Ask me something…';
  /** History kept for the prompt, in messages. */
  @property({ type: Number, attribute: 'max-history' }) maxHistory = 20;
  /** History kept for the prompt, in characters. */
  @property({ type: Number, attribute: 'max-history-chars' }) maxHistoryChars = 6000;
  /** Where engines fetch their runtime assets (ORT wasm) from; empty uses assets/ beside the script. */
  @property({ attribute: 'asset-base' }) assetBase = '';
  /** Model downloads larger than this many megabytes wait for the visitor's click (cached models never do). */
  @property({ type: Number, attribute: 'confirm-download-mb' }) confirmDownloadMb = 20;
  /** `inline` shows the panel in the page flow; `launcher` shows a floating button that opens it. */
  @property({ reflect: true }) mode: 'inline' | 'launcher' = 'inline';
  /** Whether the launcher's panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** `on` shows the hold-to-talk mic button (where the browser can record); `off` hides it. */
  @property() speech: 'on' | 'off' = 'on';
  /** Sends a transcript as soon as it arrives, instead of leaving it in the input to edit. */
  @property({ type: Boolean, attribute: 'auto-send' }) autoSend = false;
  /** URL of the Whisper build (transformers.js layout); empty uses onnx-community/whisper-tiny.en from the hub. */
  @property({ attribute: 'speech-model' }) speechModel = '';
  /** transformers.js dtype for the speech model; empty picks q8 on WASM and fp32 on WebGPU. */
  @property({ attribute: 'speech-dtype' }) speechDtype = '';
  /** The marker of a twin message supported by the person's notes; `{person}` becomes the manifest's person. */
  @property({ attribute: 'grounded-label' }) groundedLabel = DEFAULT_GROUNDED_LABEL;
  /** The marker of a twin message no note supports; `{person}` becomes the manifest's person. */
  @property({ attribute: 'improvised-label' }) improvisedLabel = DEFAULT_IMPROVISED_LABEL;
  /** The share (0 to 1) of a model reply its best note must support to count as grounded; null uses the calibrated default. */
  @property({ type: Number, attribute: 'grounding-threshold' }) groundingThreshold: number | null = null;

  @state() private entries: ResolvedEntry[] = [];
  @state() private manifest: TwinManifest | undefined;
  @state() private log: LogEntry[] = [];
  @state() private notices: Notice[] = [];
  @state() private progress: TwinProgressDetail | undefined;
  /** Which engine answers, for the header label. */
  @state() private engineLabel: EngineLabel | undefined;
  /** A download waiting for the visitor's go-ahead. */
  @state() private downloadRequest: DownloadRequest | undefined;
  @state() private generating = false;
  /** Whether finished replies are read aloud: off on every page load, and never stored. */
  @state() private speakReplies = false;
  /** The polite live region's text: each finished reply, once. */
  @state() private announcement = '';
  /** The log entry whose provenance note is shown (one at a time). */
  @state() private openNote: number | undefined;

  @query('#input') private input?: HTMLTextAreaElement;
  @query('#log') private logElement?: HTMLElement;
  @query('.launcher') private launcherButton?: HTMLButtonElement;

  private readonly history = new ConversationHistory({ maxMessages: this.maxHistory, maxChars: this.maxHistoryChars });
  private readonly ownRenderers = new Map<string, CardRenderer>();
  private appsData: AppsData | undefined;
  private engineInstance: Engine | undefined;
  private readonly loader = new TwinLoader({
    progress: (step) => {
      this.progress = step;
      emit(this, 'twin-progress', step);
    },
    problem: (code, message) => this.notify(code, message),
    registry: (entries) => (this.entries = [...entries]),
    twin: (manifest) => this.startConversation(manifest),
    apps: (data) => (this.appsData = data),
    engine: (engine) => {
      this.engineInstance = engine;
      if (!engine) this.engineLabel = undefined;
    },
    ladder: {
      switched: (label) => {
        this.engineLabel = label;
        emit(this, 'twin-engine', { engine: label.kind, device: label.device });
      },
      steppedDown: (failed, next, error) => {
        const why = error instanceof Error ? error.message : String(error);
        this.notify('engine-fallback', `${engineName(failed.kind, failed.device)} stopped (${why}) — ${engineName(next.kind, next.device)} answers instead.`);
      },
      confirmDownload: (request) => this.askToDownload(request),
    },
    settled: () => (this.progress = undefined),
  });
  /**
   * Hold-to-talk: recording, resampling and the Whisper worker, as state this element renders. Loaded with the
   * first hold (`loadMic`), so a page that never talks never downloads it.
   */
  private mic: MicController | undefined;
  private micLoading: Promise<MicController> | undefined;
  /** Whether the mic button is down right now, including while the controller is still loading. */
  private micHeld = false;
  private replyController: AbortController | undefined;
  /** Settles the download question on screen; a new load or removal answers it "no". */
  private answerDownload: ((accepted: boolean) => void) | undefined;
  /** Whether the log was scrolled to its end before this update; only then does new text pull it along. */
  private followLog = true;
  private nextEntryId = 0;
  private nextCardIndex = 0;

  /** Registers a card renderer for `app` on this element only; it wins over one registered on the class. */
  registerRenderer(app: string, renderer: CardRenderer): void {
    this.ownRenderers.set(app, renderer);
  }

  /** Empties the conversation: the log, the prompt history, the cards, and any reply still streaming. */
  clear(): void {
    this.replyController?.abort();
    this.stopSpeaking();
    this.history.clear();
    this.engineInstance?.reset();
    this.announcement = '';
    this.log = [];
    if (this.manifest) this.addEntry('twin', this.manifest.greeting);
    // The cards leave after their slots, once the cleared log has rendered. Chromium's shadow root keeps a list
    // of its slots and rebuilds it only when a slot assignment changes: slots removed after their cards (nothing
    // assigned any more) stayed in that list, and through them every cleared bubble, text included, until the
    // next card. A slot removed while its card is still assigned changes the assignment, so the list is rebuilt.
    const cards = [...this.querySelectorAll(CARD_SLOT_SELECTOR)];
    const removeCards = () => cards.forEach((card) => card.remove());
    void this.updateComplete.then(removeCards, removeCards);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page after a disconnect aborted its load: pick up where it stopped.
    if (this.hasUpdated) this.loadIfShown();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.answerDownload?.(false);
    // Lets go of the model: its worker stops unless another chat on the page shares it.
    this.loader.release();
    this.replyController?.abort();
    this.stopSpeaking();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const log = this.logElement;
    // A visitor who scrolled up to reread something keeps their place while a reply streams in below.
    this.followLog = !log || log.scrollHeight - log.scrollTop - log.clientHeight < FOLLOW_SLACK_PX;
    if (changed.has('maxHistory') || changed.has('maxHistoryChars')) {
      this.history.setLimits({ maxMessages: this.maxHistory, maxChars: this.maxHistoryChars });
    }
    const sourceChanged = ['registry', 'model', 'apps', 'engine'].some((name) => changed.has(name as keyof TwinChat));
    if (sourceChanged) this.notices = withoutNotices(this.notices, LOAD_CODES);
    if (sourceChanged || changed.has('mode') || (changed.has('open') && this.open)) this.loadIfShown();
  }

  /** Launcher mode loads nothing until the visitor opens the panel, so a page pays only for the button. */
  private loadIfShown(): void {
    if (this.mode === 'launcher' && !this.open) return;
    this.answerDownload?.(false);
    try {
      void this.loader.load({
        registryUrl: this.registry ? attributeUrl(this.registry, 'registry', 'registry-unreachable') : DEFAULT_REGISTRY_URL,
        model: this.model,
        appsUrl: this.apps ? attributeUrl(this.apps, 'apps', 'apps-unreachable') : undefined,
        engine: this.engine,
        assetBase: this.assetBase ? attributeUrl(this.assetBase, 'asset-base', 'engine-failed') : DEFAULT_ASSET_BASE,
        confirmAboveBytes: this.confirmDownloadMb * 1e6,
      });
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      this.notify(error.code, error.message);
    }
  }

  protected override updated(changed: PropertyValues): void {
    // Instant, never smooth: a smooth scroll still under way when the next words land would read as "scrolled up".
    if (changed.has('log') && this.followLog) this.logElement?.scrollTo({ top: this.logElement.scrollHeight, behavior: 'instant' });
    if (changed.has('open') && changed.get('open') === false && this.open) this.input?.focus();
  }

  protected override render(): TemplateResult {
    const launcher = this.mode === 'launcher';
    return html`${launcher ? renderLauncher(this.open, this.twinName, () => this.toggleOpen()) : nothing}
      ${this.renderPanel(launcher && !this.open)}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  /** A closed launcher panel is hidden, not removed, so a half-typed message and the scroll position survive. */
  private renderPanel(hidden: boolean): TemplateResult {
    const title = this.manifest?.label ?? 'Twin chat';
    return html`<section
      id="panel"
      part="panel"
      class="panel"
      aria-label=${title}
      ?hidden=${hidden}
      @keydown=${this.onPanelKeydown}
    >
      <div part="header" class="header">
        <span class="title">${title}</span>
        ${renderEngineLabel(this.engineLabel)}
        ${renderModelPicker(this.entries, this.activeModelId, this.engine === 'scripted', (choice) => this.onPick(choice))}
        <button type="button" part="clear" class="clear" @click=${() => this.clear()}>Clear chat</button>
        ${this.speech !== 'off' && browserSpeechSynthesis() ? renderSpeakerButton(this.speakReplies, () => this.toggleSpeaker()) : nothing}
      </div>
      ${this.banner ? html`<p part="banner" class="banner">${this.banner}</p>` : nothing}
      ${renderProgress(this.progress, () => this.loader.cancelDownload())}
      ${renderDownloadPrompt(this.downloadRequest, (accepted) => this.answerDownload?.(accepted))}
      ${this.notices.map((notice) => renderNotice(notice, (code) => this.dismiss(code)))}
      <div
        id="log"
        part="log"
        class="log"
        role="log"
        aria-live="off"
        aria-label="Conversation"
        aria-busy=${this.generating ? 'true' : 'false'}
        tabindex="0"
      >
        ${this.log.map((entry) => renderMessage(entry, this.twinName, this.renderMarker(entry)))}
      </div>
      ${renderComposer({
        placeholder: this.placeholder,
        generating: this.generating,
        onKeydown: (event) => this.onInputKeydown(event),
        onSend: () => void this.send(),
        onStop: () => this.stop(),
        mic:
          this.speech !== 'off' && browserMicEnvironment()
            ? renderMicButton(this.mic ?? IDLE_MIC, { press: () => this.pressMic(), release: () => this.releaseMic() })
            : nothing,
      })}
    </section>`;
  }

  private get twinName(): string {
    return this.manifest?.person ?? 'the twin';
  }

  private renderMarker(entry: LogEntry): TemplateResult | typeof nothing {
    if (!entry.provenance) return nothing;
    const view: ProvenanceView = {
      person: this.twinName,
      // An empty label would leave an unnamed button: the default stands in.
      groundedLabel: this.groundedLabel || DEFAULT_GROUNDED_LABEL,
      improvisedLabel: this.improvisedLabel || DEFAULT_IMPROVISED_LABEL,
      openNote: this.openNote,
      show: (id) => (this.openNote = id),
      hide: (id) => {
        if (this.openNote === id) this.openNote = undefined;
      },
    };
    return renderProvenance(entry.id, entry.provenance, view);
  }

  /** The model the picker shows: the attribute's id, or the registry's first model when there is none. */
  private get activeModelId(): string | undefined {
    return this.model || this.entries[0]?.id;
  }

  private onPick(choice: PickerChoice): void {
    if ('scripted' in choice) {
      this.engine = 'scripted';
      return;
    }
    this.model = choice.model;
    if (this.engine === 'scripted') this.engine = 'auto';
  }

  private toggleOpen(): void {
    this.open = !this.open;
  }

  private onInputKeydown(event: KeyboardEvent): void {
    // isComposing: Enter that confirms an IME composition must not send half a word.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.send();
    }
  }

  /** Esc stops a reply; with nothing to stop it closes the launcher's panel and returns focus to the button. */
  private onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    // A shown provenance note goes first, wherever focus is: hover content must be dismissable without moving.
    if (this.openNote !== undefined) {
      event.preventDefault();
      this.openNote = undefined;
    } else if (this.mic?.state === 'recording' || this.mic?.state === 'starting') {
      event.preventDefault();
      this.mic.cancel();
    } else if (this.generating) {
      event.preventDefault();
      this.stop();
    } else if (this.mode === 'launcher' && this.open) {
      event.preventDefault();
      this.open = false;
      void this.updateComplete.then(() => this.launcherButton?.focus());
    }
  };

  private stop(): void {
    this.replyController?.abort();
    this.input?.focus();
  }

  private pressMic(): void {
    this.notices = withoutNotices(this.notices, SPEECH_CODES);
    this.micHeld = true;
    void this.loadMic().then(
      (mic) => {
        mic.press();
        // Let go while the controller loaded: a tap, which the controller refuses with its notice.
        if (!this.micHeld) mic.release();
      },
      (error: unknown) => this.notify('speech-failed', `Speech input could not be loaded: ${String(error)}`),
    );
  }

  private releaseMic(): void {
    this.micHeld = false;
    this.mic?.release();
  }

  private loadMic(): Promise<MicController> {
    this.micLoading ??= import('../speech/mic-controller.js').then(
      ({ MicController }) =>
        (this.mic = new MicController(this, {
          spec: () => this.speechSpec(),
          transcript: (text) => this.insertTranscript(text),
          problem: (code, message) => this.notify(code, message),
        })),
    );
    // A failed load (the chunk unreachable) is tried again on the next hold.
    this.micLoading.catch(() => (this.micLoading = undefined));
    return this.micLoading;
  }

  /**
   * Whisper runs where the twin's ladder would: WebGPU when the probes find an adapter (and the engine is not
   * forced onto the CPU), else WASM.
   */
  private async speechSpec() {
    // Loaded with the first hold, not with the page.
    const [{ probeCapabilities }, { speechLoadSpec }] = await Promise.all([
      import('../engines/capabilities.js'),
      import('../speech/speech-model.js'),
    ]);
    const cpuOnly = this.engine === 'wasm' || this.engine === 'scripted';
    const device = !cpuOnly && (await probeCapabilities()).webgpu ? 'webgpu' : 'wasm';
    return speechLoadSpec({
      url: this.speechModel ? new URL(this.speechModel, document.baseURI).href : '',
      dtype: this.speechDtype,
      device,
      assetBase: this.assetBase ? new URL(this.assetBase, document.baseURI) : DEFAULT_ASSET_BASE,
    });
  }

  /**
   * A transcript joins whatever is already typed (never replaces it) and waits there to be edited and sent, or
   * is sent at once with `auto-send`.
   */
  private insertTranscript(text: string): void {
    const input = this.input;
    if (!input) return;
    const typed = input.value.trimEnd();
    input.value = typed ? `${typed} ${text}` : text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    if (this.autoSend) void this.send();
    else input.focus();
  }

  private toggleSpeaker(): void {
    this.stopSpeaking();
    this.speakReplies = !this.speakReplies;
    this.notices = withoutNotices(this.notices, ['voice-unavailable']);
  }

  /** Reads a finished reply aloud; where the browser has no on-device voice the toggle turns itself off, and says why. */
  private readAloud(text: string): void {
    const synthesis = browserSpeechSynthesis();
    const lang = this.closest('[lang]')?.getAttribute('lang') || 'en';
    try {
      if (synthesis && speakReply(synthesis, text, lang)) return;
    } catch {
      // A speech engine that throws is no voice at all; the reply itself is already settled and shown.
    }
    this.speakReplies = false;
    this.notify(
      'voice-unavailable',
      'This browser has no on-device voice, so replies are not read aloud (a network voice would send them away).',
    );
  }

  /** Only while the toggle is on: a page's own speech is not ours to cut off. */
  private stopSpeaking(): void {
    if (this.speakReplies) browserSpeechSynthesis()?.synthesis.cancel();
  }

  /** Shows the download's size and waits for the visitor's click. */
  private askToDownload(request: DownloadRequest): Promise<boolean> {
    this.answerDownload?.(false);
    return new Promise((resolve) => {
      this.downloadRequest = request;
      this.answerDownload = (accepted) => {
        this.answerDownload = undefined;
        this.downloadRequest = undefined;
        resolve(accepted);
      };
    });
  }

  private notify(code: TwinErrorCode, message: string): void {
    this.notices = withNotice(this.notices, { code, message });
    emit(this, 'twin-error', { code, message });
  }

  private dismiss(code: TwinErrorCode): void {
    this.notices = this.notices.filter((notice) => notice.code !== code);
  }

  /** A new twin starts a new conversation, opened by its greeting. */
  private startConversation(manifest: TwinManifest): void {
    this.manifest = manifest;
    this.clear();
  }

  private addEntry(role: MessageRole, text: string, streaming = false): LogEntry {
    const entry: LogEntry = { id: this.nextEntryId++, role, text, streaming };
    // A twin message added whole is the greeting: the manifest's own words.
    if (role === 'twin' && !streaming && this.manifest) entry.provenance = fixedTextProvenance(text, this.manifest.knowledge);
    this.log = [...this.log, entry];
    if (!streaming) emit(this, 'twin-message', { role, text, ...entry.provenance });
    return entry;
  }

  private patchEntry(id: number, patch: Partial<LogEntry>): void {
    this.log = this.log.map((entry) => (entry.id === id ? { ...entry, ...patch } : entry));
  }

  /**
   * Sends what is in the input. Refusals (too long, nothing loaded yet, a reply still running) leave the text
   * in the input untouched. `generating` is set before the first await, so a second click or Enter in the same
   * moment finds it set and sends nothing.
   */
  private async send(): Promise<void> {
    const input = this.input;
    const question = input?.value.trim() ?? '';
    if (this.generating || !input || !question) return;
    if (question.length > MAX_INPUT_CHARS) {
      this.notify(
        'input-too-long',
        `Your message is ${question.length} characters long; the limit is ${MAX_INPUT_CHARS}. ` +
          'Please shorten it — your text is still in the box.',
      );
      return;
    }
    const engine = this.engineInstance;
    const manifest = this.manifest;
    if (!engine || !manifest) {
      const why = this.loader.busy ? 'is still loading' : 'could not be loaded';
      this.notify('not-ready', `The twin ${why}, so nothing can answer yet — your text is still in the box.`);
      return;
    }
    this.generating = true;
    input.value = '';
    // Emptied first so that a reply identical to the previous one still changes the live region, and is heard.
    this.announcement = '';
    this.notices = withoutNotices(this.notices, SEND_CODES);
    this.addEntry('user', question);
    const reply = this.addEntry('twin', '', true);
    const controller = new AbortController();
    this.replyController = controller;
    const { text, call } = await this.generateReply(engine, manifest, question, reply.id, controller.signal);
    // Once per finished reply, never per streamed piece, and before `generating` is cleared so no new question
    // slips in first; the scripted engine's answers are fixed text.
    const provenance =
      engine.kind === 'scripted'
        ? fixedTextProvenance(text, manifest.knowledge)
        : await modelReplyProvenance(text, question, manifest.knowledge, this.groundingThreshold);
    if (this.replyController === controller) this.replyController = undefined;
    this.generating = false;
    // A clear or a model switch during the reply has already dropped its bubble; nothing is left to settle.
    if (!this.log.some((entry) => entry.id === reply.id)) return;
    this.finishEntry(reply.id, question, text, provenance);
    if (call) await this.placeCard(reply.id, call);
  }

  /** Streams one reply into its bubble; a stop keeps what arrived, a failure keeps it too and says why. */
  private async generateReply(
    engine: Engine,
    manifest: TwinManifest,
    question: string,
    entryId: number,
    signal: AbortSignal,
  ): Promise<{ text: string; call: ToolCall | null }> {
    let raw = '';
    try {
      const { finishReply } = await import('../conversation/finish-reply.js');
      const messages = buildPromptMessages(manifest.system, this.history.messages, question);
      const result = await engine.generate(messages, {
        signal,
        onText: (piece) => {
          raw += piece;
          this.patchEntry(entryId, { text: visibleWhileStreaming(raw) });
        },
        onRestart: () => {
          raw = '';
          this.patchEntry(entryId, { text: '' });
        },
      });
      if (result.finish === 'aborted') return { text: visibleWhileStreaming(result.text), call: null };
      return finishReply(result.text, question, manifest, this.appsData);
    } catch (error) {
      if (error instanceof PromptTooLongError) this.refuseTooLong(question, error.message);
      else if (!signal.aborted) this.notify('reply-failed', `The reply failed: ${String(error)}`);
      return { text: visibleWhileStreaming(raw), call: null };
    }
  }

  /** The question is back in the box to shorten (unless something new was typed meanwhile), and in the log. */
  private refuseTooLong(question: string, message: string): void {
    const input = this.input;
    if (input && !input.value) input.value = question;
    this.notify('input-too-long', message);
  }

  /** Settles a finished (or stopped) reply: shown, remembered for the prompt, announced once, reported. */
  private finishEntry(entryId: number, question: string, text: string, provenance: Grounding): void {
    if (!text) {
      this.log = this.log.filter((entry) => entry.id !== entryId);
      return;
    }
    this.patchEntry(entryId, { text, streaming: false, provenance });
    this.history.add({ role: 'user', content: question });
    this.history.add({ role: 'assistant', content: text });
    this.announcement = text;
    if (this.speakReplies) this.readAloud(text);
    emit(this, 'twin-message', { role: 'twin', text, ...provenance });
  }

  /**
   * Shows a reply's card through a named slot: first the page's `twin-tool` listener may append its own
   * element with that slot, then a registered renderer, then the built-in card. The slot is in the bubble
   * before the event fires, so a listener's element shows the moment it is appended.
   */
  private async placeCard(entryId: number, call: ToolCall): Promise<void> {
    const slot = cardSlotName(this.nextCardIndex++);
    this.patchEntry(entryId, { cardSlot: slot });
    await this.updateComplete;
    emit(this, 'twin-tool', { app: call.app, params: call.params, source: call.source, slot });
    // Compared by property, not by a selector naming the slot: each such one-use selector would sit in Chromium's
    // per-document selector cache (256 entries), which a long session fills.
    if ([...this.children].some((child) => child.slot === slot)) return;
    try {
      const card = await renderCardElement(call, this.appsData, this.ownRenderers);
      // A clear while the built-in cards were loading has removed the bubble this card was for.
      if (card && this.log.some((entry) => entry.cardSlot === slot)) {
        card.slot = slot;
        this.append(card);
        return;
      }
    } catch (error) {
      this.notify('card-failed', `The ${call.app} card could not be shown: ${String(error)}`);
    }
    this.patchEntry(entryId, { cardSlot: undefined });
  }
}

/**
 * A URL attribute resolved against the page. A value no browser can parse ("http://[") gets a notice instead of
 * throwing inside Lit's update, which would leave the element blank.
 */
function attributeUrl(value: string, attribute: string, code: LoadErrorCode): URL {
  try {
    return new URL(value, document.baseURI);
  } catch {
    throw new LoadError(code, `The ${attribute} attribute "${value}" is not a URL that can be parsed.`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'twin-chat': TwinChat;
  }
}
