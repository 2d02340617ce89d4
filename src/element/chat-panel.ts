import { adoptStyles, html, nothing, type PropertyValues, type ReactiveController, type TemplateResult } from 'lit';
import { ConversationController } from '../conversation/conversation-controller.js';
import type { LogEntry } from '../conversation/log-entry.js';
import { browserMicEnvironment } from '../speech/mic-environment.js';
import { CARD_SLOT_SELECTOR, placeCard } from './card-slots.js';
import type { CardRenderer } from './cards/card-renderer.js';
import { renderComposer } from './composer.js';
import { DownloadConsentController } from './download-consent-controller.js';
import { renderDownloadPrompt, renderEngineLabel, renderProgress } from './engine-status.js';
import { emit, type TwinErrorCode } from './events.js';
import { renderHeader } from './header-view.js';
import { hostStyles } from './host-styles.js';
import {
  DEFAULT_DECLINED_LABEL,
  DEFAULT_GROUNDED_LABEL,
  DEFAULT_IMPROVISED_LABEL,
  mergeLabels,
  type Labels,
} from './labels.js';
import { LogFollowController } from './log-follow-controller.js';
import { renderLog } from './log-view.js';
import { renderMicButton } from './mic-button.js';
import { renderModelPicker, type PickerChoice } from './model-picker.js';
import { Notices } from './notices.js';
import { PanelNameController } from './panel-name-controller.js';
import type { PanelHost } from './panel-host.js';
import { panelStyles } from './panel-styles.js';
import { renderProvenance, type ProvenanceView } from './provenance.js';
import { renderSpeakerButton } from './speaker-button.js';
import { SpeechInputController } from './speech-input-controller.js';
import { SpokenRepliesController } from './spoken-replies-controller.js';
import { LOAD_NOTICES, TwinLoadingController } from './twin-loading-controller.js';

/** Notices about one refused or unanswered send; an accepted send clears them. */
const SEND_NOTICES: readonly TwinErrorCode[] = ['input-too-long', 'not-ready', 'reply-empty'];
/** The attributes that say where the twin comes from: a change loads again, and clears the old load's notices. */
const SOURCE_ATTRIBUTES = ['registry', 'model', 'apps', 'engine'] as const;

/**
 * Everything inside the chat's panel: the conversation, the twin's loading, the microphone, the speaker and the
 * download question, and the views that show them (ARCHITECTURE.md, "The element"). `<twin-chat>` imports it
 * when the chat is first shown, so a page with a closed launcher pays only for the element and its button.
 */
export class ChatPanel implements ReactiveController {
  /** The polite live region's text: each finished reply, once. */
  #announcement = '';
  /** The labels in use: the page's over the defaults. */
  #text: Labels;
  /** Whether the header's menu is open (on a narrow panel, where the secondary controls live in it). */
  #menuOpen = false;
  /** The log entry whose provenance note is shown (one at a time). */
  #openNote: number | undefined;
  /** A note just opened, to scroll into view once it has rendered. */
  #noteToReveal: number | undefined;
  /** Card slots the page claimed on `twin-tool`, whose cards a clear leaves to the page. */
  #claimedSlots = new Set<string>();

  readonly #notices: Notices;
  readonly #conversation: ConversationController;
  readonly #consent: DownloadConsentController;
  readonly #loading: TwinLoadingController;
  readonly #speaker: SpokenRepliesController;
  readonly mic: SpeechInputController;
  readonly #logFollow: LogFollowController;
  readonly #panelName: PanelNameController;

  constructor(
    private readonly host: PanelHost,
    private readonly ownRenderers: ReadonlyMap<string, CardRenderer>,
    defaultAssetBase: URL,
  ) {
    host.addController(this);
    adoptStyles(host.renderRoot as ShadowRoot, [hostStyles, panelStyles]);
    this.#notices = new Notices(host);
    this.#conversation = new ConversationController(host, {
      message: (role, text, provenance) => emit(host, 'twin-message', { role, text, ...provenance }),
      asked: () => {
        // Emptied first so that a reply identical to the previous one still changes the live region, and is heard.
        this.#update(() => (this.#announcement = ''));
        this.#notices.dismiss(SEND_NOTICES);
        this.#logFollow.follow();
      },
      replied: (text) => {
        this.#update(() => (this.#announcement = text));
        this.#speaker.speak(text);
      },
      card: (call, slot) =>
        placeCard(call, slot, {
          host,
          apps: this.#conversation.apps,
          ownRenderers: this.ownRenderers,
          wanted: (shown) => this.#conversation.showsCardSlot(shown),
          claimed: (mine) => this.#claimedSlots.add(mine),
          failed: (message) => this.#notices.show('card-failed', message),
        }),
      problem: (code, message) => this.#notices.show(code, message),
      // Back in the box to shorten, unless something new was typed meanwhile.
      returned: (question) => {
        const input = this.#input;
        if (input && !input.value) input.value = question;
      },
      loading: () => this.#loading.busy,
      stalled: () => this.#consent.request !== undefined,
      groundingThreshold: () => host.groundingThreshold,
    });
    this.#consent = new DownloadConsentController(host);
    this.#loading = new TwinLoadingController(host, this.#conversation, this.#consent, this.#notices, defaultAssetBase);
    this.#speaker = new SpokenRepliesController(host, this.#notices);
    this.mic = new SpeechInputController(
      host,
      this.#notices,
      () => host,
      (text) => this.#insertTranscript(text),
      defaultAssetBase,
    );
    this.#logFollow = new LogFollowController(host, () => this.#find('#log'));
    this.#panelName = new PanelNameController(host, () => this.title);
    this.#text = this.#mergeLabels();
    this.#applyHistoryLimits();
    this.loadIfShown();
  }

  /** The twin's label, which names the panel. */
  get title(): string {
    return this.#conversation.manifest?.label ?? this.#text.title;
  }

  /** The panel's landmark name: the title, numbered when another chat on the page shows the same twin. */
  get name(): string {
    return this.#panelName.name;
  }

  /** The labels in use: the page's over the defaults. */
  get labels(): Labels {
    return this.#text;
  }

  /** The person the twin speaks for, once its manifest has loaded. */
  get twinName(): string {
    return this.#conversation.manifest?.person ?? this.#text.someone;
  }

  /** Follows the element's property changes (the element calls it from its own willUpdate). */
  willUpdate(changed: PropertyValues<PanelHost>): void {
    if (changed.has('maxHistory') || changed.has('maxHistoryChars')) this.#applyHistoryLimits();
    if (changed.has('labels')) this.#text = this.#mergeLabels();
    const sourceChanged = SOURCE_ATTRIBUTES.some((name) => changed.has(name));
    if (sourceChanged) this.#notices.dismiss(LOAD_NOTICES);
    if (sourceChanged || changed.has('mode') || (changed.has('open') && this.host.open)) this.loadIfShown();
  }

  /** Launcher mode loads nothing until the visitor opens the panel, so a page pays only for the button. */
  loadIfShown(): void {
    if (this.host.mode === 'launcher' && !this.host.open) return;
    this.#loading.load(this.host);
  }

  hostUpdated(): void {
    // A note opened at the foot of the log would be cut off by the composer: it scrolls into view.
    if (this.#noteToReveal === undefined) return;
    this.#find(`#provenance-note-${this.#noteToReveal}`)?.scrollIntoView({ block: 'nearest' });
    this.#noteToReveal = undefined;
  }

  /**
   * Empties the conversation: the log, the prompt history, the cards, and any reply still streaming. `twin-clear`
   * says first which card slots go, so a page that rendered cards into them can forget them. A card the page
   * claimed stays for the page to remove: a framework removes the nodes it rendered itself, and fails on one that
   * is already gone.
   */
  clear(): void {
    const slots = this.#conversation.log.flatMap((entry) => (entry.cardSlot ? [entry.cardSlot] : []));
    emit(this.host, 'twin-clear', { slots });
    this.#conversation.clear();
    this.#speaker.stop();
    this.#update(() => {
      this.#announcement = '';
      this.#menuOpen = false;
    });
    // The cards leave after their slots, once the cleared log has rendered. Chromium's shadow root keeps a list
    // of its slots and rebuilds it only when a slot assignment changes: slots removed after their cards (nothing
    // assigned any more) stayed in that list, and through them every cleared bubble, text included, until the
    // next card. A slot removed while its card is still assigned changes the assignment, so the list is rebuilt.
    const claimed = this.#claimedSlots;
    this.#claimedSlots = new Set();
    const cards = [...this.host.querySelectorAll(CARD_SLOT_SELECTOR)].filter((card) => !claimed.has(card.slot));
    const removeCards = () => cards.forEach((card) => card.remove());
    void this.host.updateComplete.then(removeCards, removeCards);
  }

  focusInput(): void {
    this.#input?.focus();
  }

  /** The panel's contents; the element renders the panel's frame around them (twin-chat.ts). */
  render(): TemplateResult {
    const { entries, engineLabel, progress } = this.#loading;
    const { generating, log } = this.#conversation;
    const host = this.host;
    return html`${renderHeader({
      title: this.title,
      engine: renderEngineLabel(engineLabel, this.#text),
      menuItems: html`${renderModelPicker(
        entries,
        this.#activeModelId,
        host.engine === 'scripted',
        (choice) => this.#onPick(choice),
        this.#text,
      )}
          <button type="button" part="clear" class="clear" @click=${() => this.clear()}>${this.#text.clear}</button>
          ${
            host.speech !== 'off' && this.#speaker.available
              ? renderSpeakerButton(this.#speaker.on, () => this.#speaker.toggle(), this.#text)
              : nothing
          }`,
      menuOpen: this.#menuOpen,
      toggleMenu: () => this.#update(() => (this.#menuOpen = !this.#menuOpen)),
      labels: this.#text,
    })}
      ${host.banner ? html`<p part="banner" class="banner">${host.banner}</p>` : nothing}
      ${renderProgress(progress, () => this.#loading.cancelDownload(), this.#text)}
      ${renderDownloadPrompt(this.#consent.request, (accepted) => this.#consent.answer(accepted), this.#text)}
      ${this.#notices.render(this.#text.dismiss)}
      ${renderLog({
        log,
        generating,
        twinName: this.twinName,
        marker: (entry) => this.#renderMarker(entry),
        suggestions: this.#conversation.manifest?.suggestions,
        ask: (question) => this.#conversation.ask(question),
        unseen: this.#logFollow.unseen,
        follow: () => this.#logFollow.follow(),
        labels: this.#text,
      })}
      ${renderComposer({
        placeholder: host.placeholder,
        labels: this.#text,
        generating,
        onKeydown: (event) => this.#onInputKeydown(event),
        onSend: () => this.#send(),
        onStop: () => this.#stop(),
        mic:
          host.speech !== 'off' && browserMicEnvironment()
            ? renderMicButton(
                this.mic.view,
                { press: () => this.mic.press(), release: () => this.mic.release() },
                this.#text,
              )
            : nothing,
      })}`;
  }

  /** The polite live region, outside the panel so that a closed launcher panel still announces. */
  renderAnnouncer(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      ${this.#announcement}
    </div>`;
  }

  /** Esc stops a reply; with nothing to stop it closes the launcher's panel and returns focus to the button. */
  onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // A shown provenance note goes first, wherever focus is: hover content must be dismissable without moving.
    if (this.#menuOpen) {
      event.preventDefault();
      this.#update(() => (this.#menuOpen = false));
    } else if (this.#openNote !== undefined) {
      event.preventDefault();
      this.#update(() => (this.#openNote = undefined));
    } else if (this.mic.recording) {
      event.preventDefault();
      this.mic.cancel();
    } else if (this.#conversation.generating) {
      event.preventDefault();
      this.#stop();
    } else if (this.host.mode === 'launcher' && this.host.open) {
      event.preventDefault();
      this.host.open = false;
      void this.host.updateComplete.then(() => this.#find<HTMLButtonElement>('.launcher')?.focus());
    }
  }

  /** Changes panel state and renders it again. */
  #update(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  #find<E extends Element = HTMLElement>(selector: string): E | undefined {
    return this.host.renderRoot.querySelector<E>(selector) ?? undefined;
  }

  get #input(): HTMLTextAreaElement | undefined {
    return this.#find<HTMLTextAreaElement>('#input');
  }

  #mergeLabels(): Labels {
    const { labels, problem } = mergeLabels(this.host.labels);
    if (problem) this.#notices.show('labels-invalid', problem);
    else this.#notices.dismiss(['labels-invalid']);
    return labels;
  }

  #applyHistoryLimits(): void {
    this.#conversation.history.setLimits({ maxMessages: this.host.maxHistory, maxChars: this.host.maxHistoryChars });
  }

  #renderMarker(entry: LogEntry): TemplateResult | typeof nothing {
    if (!entry.provenance) return nothing;
    const host = this.host;
    const view: ProvenanceView = {
      person: this.twinName,
      // An empty label would leave an unnamed button: the default stands in.
      groundedLabel: host.groundedLabel || DEFAULT_GROUNDED_LABEL,
      improvisedLabel: host.improvisedLabel || DEFAULT_IMPROVISED_LABEL,
      declinedLabel: host.declinedLabel || DEFAULT_DECLINED_LABEL,
      labels: this.#text,
      openNote: this.#openNote,
      show: (id) =>
        this.#update(() => {
          this.#openNote = id;
          this.#noteToReveal = id;
        }),
      hide: (id) => {
        if (this.#openNote === id) this.#update(() => (this.#openNote = undefined));
      },
    };
    return renderProvenance(entry.id, entry.provenance, view);
  }

  /** The model the picker shows: the attribute's id, or the registry's first model when there is none. */
  get #activeModelId(): string | undefined {
    return this.host.model || this.#loading.entries[0]?.id;
  }

  #onPick(choice: PickerChoice): void {
    this.#update(() => (this.#menuOpen = false));
    if ('scripted' in choice) {
      this.host.engine = 'scripted';
      return;
    }
    this.host.model = choice.model;
    if (this.host.engine === 'scripted') this.host.engine = 'auto';
  }

  #onInputKeydown(event: KeyboardEvent): void {
    // isComposing: Enter that confirms an IME composition must not send half a word.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#send();
    }
  }

  /** Sends what is in the input; a refused question (too long, nothing loaded yet) stays there untouched. */
  #send(): void {
    const input = this.#input;
    if (input && this.#conversation.ask(input.value)) input.value = '';
  }

  #stop(): void {
    this.#conversation.stop();
    this.focusInput();
  }

  /**
   * A transcript joins whatever is already typed (never replaces it) and waits there to be edited and sent, or
   * is sent at once with `auto-send`.
   */
  #insertTranscript(text: string): void {
    const input = this.#input;
    if (!input) return;
    const typed = input.value.trimEnd();
    input.value = typed ? `${typed} ${text}` : text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    if (this.host.autoSend) this.#send();
    else input.focus();
  }
}
