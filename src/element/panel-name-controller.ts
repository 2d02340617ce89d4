import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The panels on the page, in the order their chats arrived. */
const panels = new Set<PanelNameController>();

/** Asks every chat on the page to name its panel again. */
function renumber(): void {
  for (const panel of panels) panel.host.requestUpdate();
}

/**
 * The panel's landmark name: its twin's label, numbered when other chats on the page show the same twin, so a
 * screen reader's list of regions tells them apart.
 */
export class PanelNameController implements ReactiveController {
  #title = '';

  constructor(
    readonly host: ReactiveControllerHost,
    private readonly title: () => string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    panels.add(this);
    renumber();
  }

  hostDisconnected(): void {
    panels.delete(this);
    renumber();
  }

  hostUpdate(): void {
    const title = this.title();
    if (title === this.#title) return;
    this.#title = title;
    // Another chat may show the same twin: its name gains (or loses) a number too.
    queueMicrotask(renumber);
  }

  get name(): string {
    const alike = [...panels].filter((panel) => panel.#title === this.#title);
    return alike.length > 1 ? `${this.#title} (${alike.indexOf(this) + 1})` : this.#title;
  }
}
