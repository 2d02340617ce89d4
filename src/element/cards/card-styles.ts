/**
 * The built-in cards' default look. Cards are light-DOM children of <twin-chat> shown through a slot, so the
 * element's shadow styles reach only their outer box (via ::slotted); their insides need a document stylesheet.
 * Every selector sits in :where() (zero specificity), so any page rule overrides it. Colours come from the
 * element's resolved theme (--_accent, --_muted: its --twin-* properties with light and dark defaults), which a
 * slotted card inherits through its slot. The card's outer box is left to the element's ::slotted rules, because
 * document rules would beat them.
 */
const CARD_CSS = `
:where(.twin-card__title){margin:0 0 .5em;font-size:.75em;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--_muted,inherit)}
:where(.twin-card__list,.twin-card__tags,.twin-card__links,.twin-card__sublist){list-style:none;margin:0;padding:0}
:where(.twin-card__list){display:grid;gap:.75em}
:where(.twin-card__name){display:inline;font-style:normal;font-weight:600}
:where(p.twin-card__name){display:block;margin:0}
:where(a.twin-card__name,a.twin-card__link){color:var(--_accent,inherit);text-underline-offset:.15em}
:where(.twin-card__meta){display:block;font-size:.85em;color:var(--_muted,inherit)}
:where(.twin-card__meta .twin-card__date){display:inline;font-size:inherit}
:where(.twin-card__text){margin:.2em 0 0}
:where(.twin-card__tags,.twin-card__links){display:flex;flex-wrap:wrap;gap:.35em;margin-top:.4em}
:where(.twin-card__tag){font-size:.75em;padding:.1em .6em;border-radius:999px;background:color-mix(in srgb,currentColor 10%,transparent)}
:where(.twin-card__links .twin-card__item){padding:.2em .7em;border-radius:999px;border:1px solid color-mix(in srgb,currentColor 25%,transparent)}
:where(.twin-card__sublist){margin-top:.2em;padding-left:1em;list-style:disc}
:where(.twin-card__empty){margin:0;font-style:italic}
`;

const adopted = new WeakSet<Document>();

/** Adds the stylesheet to `doc` once, after the page's own sheets, without touching the page's markup. */
export function adoptCardStyles(doc: Document): void {
  if (adopted.has(doc)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CARD_CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  adopted.add(doc);
}
