import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { DEFAULT_ASSET_BASE } from '../engines/asset-base.js';
import type { EngineSetting } from '../engines/engine-setting.js';
import type { CardRenderer } from './cards/card-renderer.js';
import type { ChatPanel } from './chat-panel.js';
import { emit } from './events.js';
import { hostStyles } from './host-styles.js';
import {
  DEFAULT_BANNER,
  DEFAULT_DECLINED_LABEL,
  DEFAULT_GROUNDED_LABEL,
  DEFAULT_IMPROVISED_LABEL,
  labelsFromAttribute,
  mergeLabels,
  type Labels,
} from './labels.js';
import { renderLauncher } from './launcher.js';
import { pageRenderers } from './page-renderers.js';

/**
 * `<twin-chat>`: a chat with a person's on-device twin (ARCHITECTURE.md, "The element"). It holds the attributes,
 * the launcher and the panel's frame. What goes inside the frame (the conversation, the twin's loading, the
 * microphone, the speaker and their views) is the panel, chat-panel.ts, imported when the chat is first shown.
 *
 * @fires twin-message - {role: 'user' | 'twin', text, grounded?, declined?, score?, source?}: a message entered the log (greeting, question, finished or stopped reply); twin messages carry their grounding in the person's notes.
 * @fires twin-tool - {app, params, source: 'model' | 'router', slot}: a reply opens an app; append an element with `slot` to show it, at once, or call `preventDefault()` to claim the card and append it whenever you like (no built-in card is drawn).
 * @fires twin-clear - {slots}: the log is about to be cleared (Clear, or `clear()`); its cards, in these slots, go with it: the element removes all but those the page claimed on twin-tool, which are the page's to remove.
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
  static override styles = hostStyles;

  /** The script this class came from: named when a second copy of twin-chat finds the tag taken. */
  static readonly script: string = import.meta.url;

  /** Registers a card renderer for `app` on every <twin-chat> of the page. */
  static registerRenderer(app: string, renderer: CardRenderer): void {
    pageRenderers.set(app, renderer);
  }

  /** A model id from the registry; empty picks the registry's first model. */
  @property({ reflect: true }) model = '';
  /** URL of the registry JSON; empty uses models/registry.json in the assets folder (the demo twin). */
  @property() registry = '';
  /** URL of the app data JSON; empty uses the manifest's `apps`. */
  @property() apps = '';
  /** `auto` lets the capability probes choose; `webllm`, `webgpu`, `wasm` or `scripted` starts at that rung. */
  @property({ reflect: true }) engine: EngineSetting = 'auto';
  /** A warning shown above the log; an empty string hides it. */
  @property() banner = DEFAULT_BANNER;
  @property() placeholder = 'Ask me something…';
  /** History kept for the prompt, in messages. */
  @property({ type: Number, attribute: 'max-history' }) maxHistory = 20;
  /** History kept for the prompt, in characters. */
  @property({ type: Number, attribute: 'max-history-chars' }) maxHistoryChars = 6000;
  /**
   * URL of the package's dist/assets/ folder as the site serves it (the workers, ORT's wasm, the default registry);
   * empty uses assets/ beside the script. Set it when an app's bundler built the page.
   */
  @property({ attribute: 'asset-base' }) assetBase = '';
  /** Model downloads larger than this many megabytes wait for the visitor's click (cached models never do). */
  @property({ type: Number, attribute: 'confirm-download-mb' }) confirmDownloadMb = 20;
  /** `inline` shows the panel in the page flow; `launcher` shows a floating button that opens it. */
  @property({ reflect: true }) mode: 'inline' | 'launcher' = 'inline';
  /** Whether the launcher's panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** `on` shows the hold-to-talk mic button (where the browser can record); `off` hides it. */
  @property({ reflect: true }) speech: 'on' | 'off' = 'on';
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

  private readonly ownRenderers = new Map<string, CardRenderer>();
  /** Everything inside the panel, once it has arrived (chat-panel.ts). Private; tests reach its mic. */
  private panel: ChatPanel | undefined;
  /** The panel's module, on its way: imported when the chat is first shown, or when the launcher is pointed at. */
  #panelModule: Promise<typeof import('./chat-panel.js')> | undefined;
  /** The panel being made: `updateComplete` waits for it, so a caller sees the chat it asked for. */
  #panelArrival: Promise<void> | undefined;
  /** Why the panel's module could not be loaded; shown in the empty frame until it is tried again. */
  #panelProblem = '';
  /** The launcher was opened: its input takes focus once the panel is there. */
  #focusOnArrival = false;

  /** Registers a card renderer for `app` on this element only; it wins over one registered on the class. */
  registerRenderer(app: string, renderer: CardRenderer): void {
    this.ownRenderers.set(app, renderer);
  }

  /** Empties the conversation: the log, the prompt history, the cards, and any reply still streaming. */
  clear(): void {
    this.panel?.clear();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page after a disconnect aborted its load: pick up where it stopped.
    if (this.hasUpdated) this.panel?.loadIfShown();
    this.#panelProblem = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && changed.get('open') === false && this.open) this.#focusOnArrival = true;
    if (this.panel) this.panel.willUpdate(changed);
    else if (this.#shown && !this.#panelArrival && !this.#panelProblem) this.#panelArrival = this.#makePanel();
  }

  protected override updated(): void {
    if (this.#focusOnArrival && this.panel) {
      this.#focusOnArrival = false;
      this.panel.focusInput();
    }
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const settled = await super.getUpdateComplete();
    if (!this.#panelArrival) return settled;
    await this.#panelArrival;
    return (await super.getUpdateComplete()) && settled;
  }

  /** Inline chats are shown at once; a launcher's once opened. */
  get #shown(): boolean {
    return this.mode === 'inline' || this.open;
  }

  #importPanel(): Promise<typeof import('./chat-panel.js')> {
    // A failed import is forgotten, so the next open tries again.
    this.#panelModule ??= import('./chat-panel.js').catch((error: unknown) => {
      this.#panelModule = undefined;
      throw error;
    });
    return this.#panelModule;
  }

  async #makePanel(): Promise<void> {
    try {
      const { ChatPanel } = await this.#importPanel();
      this.panel = new ChatPanel(this, this.ownRenderers, DEFAULT_ASSET_BASE);
    } catch (error) {
      // A deploy that left out dist/chunks/, or a dropped connection: say so, and try again on the next open.
      this.#panelProblem = `The chat could not be loaded: ${String(error)}`;
      emit(this, 'twin-error', { code: 'panel-unreachable', message: this.#panelProblem });
    } finally {
      this.#panelArrival = undefined;
      this.requestUpdate();
    }
  }

  /** A closed launcher panel is hidden, not removed, so a half-typed message and the scroll position survive. */
  protected override render(): TemplateResult {
    const panel = this.panel;
    const labels: Labels = panel?.labels ?? mergeLabels(this.labels).labels;
    const launcher = this.mode === 'launcher';
    return html`${
      launcher
        ? renderLauncher(
            this.open,
            panel?.twinName ?? labels.someone,
            () => this.#toggleOpen(),
            () => void this.#importPanel().catch(() => undefined),
            labels,
          )
        : nothing
    }
      <section
        id="panel"
        part="panel"
        class="panel"
        aria-label=${panel?.name ?? labels.title}
        ?hidden=${launcher && !this.open}
        @keydown=${(event: KeyboardEvent) => panel?.onKeydown(event)}
      >
        ${
          panel
            ? panel.render()
            : this.#panelProblem
              ? html`<p part="notice" class="unavailable" role="alert">${this.#panelProblem}</p>`
              : nothing
        }
      </section>
      ${panel?.renderAnnouncer() ?? nothing}`;
  }

  #toggleOpen(): void {
    this.open = !this.open;
    if (this.open) this.#panelProblem = '';
  }
}

/** The properties a page or a framework sets on the element, all optional: what the React and Vue typings accept. */
export type TwinChatProperties = Partial<
  Pick<
    TwinChat,
    | 'model'
    | 'registry'
    | 'apps'
    | 'engine'
    | 'banner'
    | 'placeholder'
    | 'maxHistory'
    | 'maxHistoryChars'
    | 'assetBase'
    | 'confirmDownloadMb'
    | 'mode'
    | 'open'
    | 'speech'
    | 'autoSend'
    | 'speechModel'
    | 'speechDtype'
    | 'groundedLabel'
    | 'improvisedLabel'
    | 'declinedLabel'
    | 'labels'
    | 'groundingThreshold'
  >
>;

declare global {
  interface HTMLElementTagNameMap {
    'twin-chat': TwinChat;
  }
}
