import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ConversationController } from '../conversation/conversation-controller.js';
import type { LogEntry } from '../conversation/log-entry.js';
import type { EngineSetting } from '../engines/engine-setting.js';
import { browserMicEnvironment } from '../speech/mic-environment.js';
import { CARD_SLOT_SELECTOR, placeCard, registerPageRenderer } from './card-slots.js';
import type { CardRenderer } from './cards/card-renderer.js';
import { renderComposer } from './composer.js';
import { DownloadConsentController } from './download-consent-controller.js';
import { renderDownloadPrompt, renderEngineLabel, renderProgress } from './engine-status.js';
import { emit, type TwinErrorCode } from './events.js';
import { renderLauncher } from './launcher.js';
import { renderLog } from './log-view.js';
import { renderMicButton } from './mic-button.js';
import { renderModelPicker, type PickerChoice } from './model-picker.js';
import { Notices } from './notices.js';
import {
  DEFAULT_DECLINED_LABEL,
  DEFAULT_GROUNDED_LABEL,
  DEFAULT_IMPROVISED_LABEL,
  renderProvenance,
  type ProvenanceView,
} from './provenance.js';
import { renderHeader } from './header-view.js';
import { renderSpeakerButton } from './speaker-button.js';
import { SpeechInputController } from './speech-input-controller.js';
import { SpokenRepliesController } from './spoken-replies-controller.js';
import { styles } from './styles.js';
import { LOAD_NOTICES, TwinLoadingController } from './twin-loading-controller.js';
import { LogFollowController } from './log-follow-controller.js';
import { DEFAULT_LABELS, labelsFromAttribute, mergeLabels, type Labels } from './labels.js';
import { PanelNameController } from './panel-name-controller.js';

export const DEFAULT_BANNER = 'This on-device AI will lie, confidently.';

/** Notices about one refused send; an accepted send clears them. */
const SEND_NOTICES: readonly TwinErrorCode[] = ['input-too-long', 'not-ready'];
/** The attributes that say where the twin comes from: a change loads again, and clears the old load's notices. */
const SOURCE_ATTRIBUTES = ['registry', 'model', 'apps', 'engine'] as const;

/**
 * `<twin-chat>`: a chat with a person's on-device twin (ARCHITECTURE.md, "The element"). It holds the attributes,
 * renders the panel, and handles keyboard, focus and scrolling; its controllers load the twin, run the
 * conversation, the microphone, the speaker and the download question, and it renders what they hold.
 *
 * @fires twin-message - {role: 'user' | 'twin', text, grounded?, declined?, score?, source?}: a message entered the log (greeting, question, finished or stopped reply); twin messages carry their grounding in the person's notes.
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
 * @csspart menu-button - On a narrow panel (under 560px), the header button that opens the menu of secondary controls.
 * @csspart menu - The header's secondary controls (model picker, clear, speaker): in the header row on a wide panel, a drop-down from `menu-button` on a narrow one.
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
 * @csspart new-messages - The button over the log's foot that scrolls back down to messages that arrived while the visitor was scrolled up.
 * @csspart message - One bubble; also `user` or `twin`.
 * @csspart user - A visitor's bubble.
 * @csspart twin - A twin's bubble.
 * @csspart card - The box in a twin bubble that holds its card slot.
 * @csspart suggestions - The manifest's suggested questions under the greeting, until the visitor asks something.
 * @csspart suggestion - One suggested question: a tap asks it.
 * @csspart waiting - The note in the reply bubble of a question asked while the twin loads: it is answered once the twin is ready.
 * @csspart stand-in - The note on a reply the scripted twin gave while a model download waits for the visitor's go-ahead.
 * @csspart provenance - The marker under a finished twin message: "from <person>'s notes", "improvised — may be false" or "doesn't know — no guess"; also `grounded`, `improvised` or `declined`.
 * @csspart grounded - A marker of a message supported by the person's notes.
 * @csspart improvised - A marker of a message no note supports.
 * @csspart declined - A marker of a message in which the twin says it doesn't know, rather than guess.
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
 * @cssprop --twin-declined - Text and border of the "doesn't know" marker.
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
  /** The marker of a twin message that says it doesn't know (or won't guess); `{person}` becomes the manifest's person. */
  @property({ attribute: 'declined-label' }) declinedLabel = DEFAULT_DECLINED_LABEL;
  /**
   * Words to show instead of the defaults, by key (the README's labels table), for a page in another language:
   * an object, or JSON in the attribute. Keys left out keep their default.
   */
  @property({ attribute: 'labels', converter: { fromAttribute: labelsFromAttribute } }) labels: Partial<Labels> = {};
  /** The share (0 to 1) of a model reply its best note must support to count as grounded; null uses the calibrated default. */
  @property({ type: Number, attribute: 'grounding-threshold' }) groundingThreshold: number | null = null;

  /** The polite live region's text: each finished reply, once. */
  @state() private announcement = '';
  /** The labels in use: the page's over the defaults. */
  private text: Labels = { ...DEFAULT_LABELS };
  /** Whether the header's menu is open (on a narrow panel, where the secondary controls live in it). */
  @state() private menuOpen = false;
  /** The log entry whose provenance note is shown (one at a time). */
  @state() private openNote: number | undefined;

  @query('#input') private input?: HTMLTextAreaElement;
  @query('#log') private logElement?: HTMLElement;
  @query('.launcher') private launcherButton?: HTMLButtonElement;

  private readonly ownRenderers = new Map<string, CardRenderer>();
  private readonly notices = new Notices(this);
  private readonly conversation: ConversationController = new ConversationController(this, {
    message: (role, text, provenance) => emit(this, 'twin-message', { role, text, ...provenance }),
    asked: () => {
      // Emptied first so that a reply identical to the previous one still changes the live region, and is heard.
      this.announcement = '';
      this.notices.dismiss(SEND_NOTICES);
      this.logFollow.follow();
    },
    replied: (text) => {
      this.announcement = text;
      this.speaker.speak(text);
    },
    card: (call, slot) =>
      placeCard(call, slot, {
        host: this,
        apps: this.conversation.apps,
        ownRenderers: this.ownRenderers,
        wanted: (shown) => this.conversation.showsCardSlot(shown),
        failed: (message) => this.notices.show('card-failed', message),
      }),
    problem: (code, message) => this.notices.show(code, message),
    // Back in the box to shorten, unless something new was typed meanwhile.
    returned: (question) => {
      if (this.input && !this.input.value) this.input.value = question;
    },
    loading: () => this.loading.busy,
    stalled: () => this.consent.request !== undefined,
    groundingThreshold: () => this.groundingThreshold,
  });
  private readonly consent = new DownloadConsentController(this);
  private readonly loading = new TwinLoadingController(this, this.conversation, this.consent, this.notices);
  private readonly speaker = new SpokenRepliesController(this, this.notices);
  private readonly mic = new SpeechInputController(
    this,
    this.notices,
    () => this,
    (text) => this.insertTranscript(text),
  );
  private readonly logFollow = new LogFollowController(this, () => this.logElement ?? undefined);
  private readonly panelName = new PanelNameController(this, () => this.panelTitle);

  /** Registers a card renderer for `app` on this element only; it wins over one registered on the class. */
  registerRenderer(app: string, renderer: CardRenderer): void {
    this.ownRenderers.set(app, renderer);
  }

  /** Empties the conversation: the log, the prompt history, the cards, and any reply still streaming. */
  clear(): void {
    this.conversation.clear();
    this.speaker.stop();
    this.announcement = '';
    this.menuOpen = false;
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

  /** The twin's label, which names the panel. */
  private get panelTitle(): string {
    return this.conversation.manifest?.label ?? this.text.title;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('maxHistory') || changed.has('maxHistoryChars')) {
      this.conversation.history.setLimits({ maxMessages: this.maxHistory, maxChars: this.maxHistoryChars });
    }
    if (changed.has('labels')) {
      const { labels, problem } = mergeLabels(this.labels);
      this.text = labels;
      if (problem) this.notices.show('labels-invalid', problem);
      else this.notices.dismiss(['labels-invalid']);
    }
    const sourceChanged = SOURCE_ATTRIBUTES.some((name) => changed.has(name));
    if (sourceChanged) this.notices.dismiss(LOAD_NOTICES);
    if (sourceChanged || changed.has('mode') || (changed.has('open') && this.open)) this.loadIfShown();
  }

  /** Launcher mode loads nothing until the visitor opens the panel, so a page pays only for the button. */
  private loadIfShown(): void {
    if (this.mode === 'launcher' && !this.open) return;
    this.loading.load(this);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('open') && changed.get('open') === false && this.open) this.input?.focus();
    // A note opened at the foot of the log would be cut off by the composer: it scrolls into view.
    if (changed.has('openNote') && this.openNote !== undefined)
      this.renderRoot.querySelector(`#provenance-note-${this.openNote}`)?.scrollIntoView({ block: 'nearest' });
  }

  protected override render(): TemplateResult {
    const launcher = this.mode === 'launcher';
    return html`${launcher ? renderLauncher(this.open, this.twinName, () => this.toggleOpen(), this.text) : nothing}
      ${this.renderPanel(launcher && !this.open)}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  /** A closed launcher panel is hidden, not removed, so a half-typed message and the scroll position survive. */
  private renderPanel(hidden: boolean): TemplateResult {
    const title = this.panelTitle;
    const { entries, engineLabel, progress } = this.loading;
    const { generating, log } = this.conversation;
    return html`<section
      id="panel"
      part="panel"
      class="panel"
      aria-label=${this.panelName.name}
      ?hidden=${hidden}
      @keydown=${this.onPanelKeydown}
    >
      ${renderHeader({
        title,
        engine: renderEngineLabel(engineLabel, this.text),
        menuItems: html`${renderModelPicker(
          entries,
          this.activeModelId,
          this.engine === 'scripted',
          (choice) => this.onPick(choice),
          this.text,
        )}
          <button type="button" part="clear" class="clear" @click=${() => this.clear()}>${this.text.clear}</button>
          ${
            this.speech !== 'off' && this.speaker.available
              ? renderSpeakerButton(this.speaker.on, () => this.speaker.toggle(), this.text)
              : nothing
          }`,
        menuOpen: this.menuOpen,
        toggleMenu: () => (this.menuOpen = !this.menuOpen),
        labels: this.text,
      })}
      ${this.banner ? html`<p part="banner" class="banner">${this.banner}</p>` : nothing}
      ${renderProgress(progress, () => this.loading.cancelDownload(), this.text)}
      ${renderDownloadPrompt(this.consent.request, (accepted) => this.consent.answer(accepted), this.text)}
      ${this.notices.render(this.text.dismiss)}
      ${renderLog({
        log,
        generating,
        twinName: this.twinName,
        marker: (entry) => this.renderMarker(entry),
        suggestions: this.conversation.manifest?.suggestions,
        ask: (question) => this.conversation.ask(question),
        unseen: this.logFollow.unseen,
        follow: () => this.logFollow.follow(),
        labels: this.text,
      })}
      ${renderComposer({
        placeholder: this.placeholder,
        labels: this.text,
        generating,
        onKeydown: (event) => this.onInputKeydown(event),
        onSend: () => this.send(),
        onStop: () => this.stop(),
        mic:
          this.speech !== 'off' && browserMicEnvironment()
            ? renderMicButton(
                this.mic.view,
                { press: () => this.mic.press(), release: () => this.mic.release() },
                this.text,
              )
            : nothing,
      })}
    </section>`;
  }

  private get twinName(): string {
    return this.conversation.manifest?.person ?? this.text.someone;
  }

  private renderMarker(entry: LogEntry): TemplateResult | typeof nothing {
    if (!entry.provenance) return nothing;
    const view: ProvenanceView = {
      person: this.twinName,
      // An empty label would leave an unnamed button: the default stands in.
      groundedLabel: this.groundedLabel || DEFAULT_GROUNDED_LABEL,
      improvisedLabel: this.improvisedLabel || DEFAULT_IMPROVISED_LABEL,
      declinedLabel: this.declinedLabel || DEFAULT_DECLINED_LABEL,
      labels: this.text,
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
    return this.model || this.loading.entries[0]?.id;
  }

  private onPick(choice: PickerChoice): void {
    this.menuOpen = false;
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
      this.send();
    }
  }

  /** Esc stops a reply; with nothing to stop it closes the launcher's panel and returns focus to the button. */
  private onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    // A shown provenance note goes first, wherever focus is: hover content must be dismissable without moving.
    if (this.menuOpen) {
      event.preventDefault();
      this.menuOpen = false;
    } else if (this.openNote !== undefined) {
      event.preventDefault();
      this.openNote = undefined;
    } else if (this.mic.recording) {
      event.preventDefault();
      this.mic.cancel();
    } else if (this.conversation.generating) {
      event.preventDefault();
      this.stop();
    } else if (this.mode === 'launcher' && this.open) {
      event.preventDefault();
      this.open = false;
      void this.updateComplete.then(() => this.launcherButton?.focus());
    }
  };

  /** Sends what is in the input; a refused question (too long, nothing loaded yet) stays there untouched. */
  private send(): void {
    const input = this.input;
    if (input && this.conversation.ask(input.value)) input.value = '';
  }

  private stop(): void {
    this.conversation.stop();
    this.input?.focus();
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
    if (this.autoSend) this.send();
    else input.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'twin-chat': TwinChat;
  }
}
