import { css } from 'lit';

/**
 * The panel's look, adopted into the shadow root when the panel arrives (chat-panel.ts); the colours, the
 * radius and the font are host-styles.ts's `--_*` properties.
 */
export const panelStyles = css`
  /* One row at any width: the title and the engine label shorten, and on a narrow panel the secondary controls
     move into a menu (the container query below). */
  .header {
    position: relative;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.6rem 0.75rem;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  .title {
    flex: 1 1 auto;
    min-width: 0;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .menu {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-width: 0;
  }
  .menu button {
    flex: none;
    white-space: nowrap;
  }
  .menu select {
    min-width: 0;
    max-width: 14rem;
    text-overflow: ellipsis;
  }
  .menu-button {
    display: none;
    padding: 0.35rem;
  }
  @container twin-panel (max-width: 559px) {
    .menu-button {
      display: block;
    }
    .menu {
      display: none;
      position: absolute;
      top: 100%;
      right: 0.5rem;
      z-index: 2;
      flex-direction: column;
      align-items: stretch;
      max-width: calc(100% - 1rem);
      padding: 0.5rem;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.6);
      box-shadow: 0 6px 18px rgb(0 0 0 / 0.2);
    }
    .menu.open {
      display: flex;
    }
    .menu select {
      max-width: none;
    }
  }
  .banner {
    margin: 0;
    padding: 0.35rem 0.75rem;
    font-size: 0.85em;
    color: var(--_muted);
    border-bottom: 1px solid var(--_border);
  }

  /* Holds the log and, over its foot, the new-messages button. */
  .log-frame {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .new-messages {
    position: absolute;
    bottom: 0.5rem;
    left: 50%;
    transform: translateX(-50%);
    padding: 0.3rem 0.8rem;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-text);
    font: inherit;
    font-size: 0.85em;
    cursor: pointer;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: 0.75rem;
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  .message {
    max-width: 85%;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    /* Not \`anywhere\`, which wraps the same but also makes every character a break in the bubble's min-content
       width: the browser then measures a long word letter by letter (bench/long-strings.mjs). */
    overflow-wrap: break-word;
  }
  .message.user {
    align-self: flex-end;
    background: var(--_user-bg);
  }
  .message.twin {
    align-self: flex-start;
    background: var(--_twin-bg);
  }
  .message.streaming .text::after {
    content: '▍';
    animation: blink 1s steps(2, start) infinite;
  }
  @keyframes blink {
    to {
      visibility: hidden;
    }
  }
  /* Only the reply text keeps its newlines; on the bubble, pre-wrap would also show the template's whitespace. */
  .text {
    margin: 0;
    white-space: pre-wrap;
  }
  .card {
    margin-top: 0.5rem;
  }
  .suggestions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .suggestion {
    padding: 0.25rem 0.7rem;
    border-radius: 999px;
    border-color: var(--_accent);
    color: var(--_accent);
    font-size: 0.9em;
  }
  /* Why a reply waits, or who answered it instead of the model: a note on the bubble, not part of the reply. */
  .status {
    margin: 0 0 0.2rem;
    font-size: 0.78em;
    color: var(--_muted);
  }
  /* The provenance marker: colour and a solid or dashed outline tell the two apart, and so do the words. */
  .provenance {
    margin-top: 0.3rem;
    font-size: 0.78em;
  }
  .provenance-label {
    padding: 0 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    background: transparent;
    cursor: help;
  }
  .grounded .provenance-label {
    color: var(--_grounded);
  }
  .improvised .provenance-label {
    color: var(--_improvised);
    border-style: dashed;
  }
  .declined .provenance-label {
    color: var(--_declined);
    border-style: dotted;
  }
  /* In the flow of the bubble, not floating: the log scrolls, and a floating note would be cut off at its edge. */
  .provenance-note {
    margin-top: 0.3rem;
    padding: 0.4rem 0.55rem;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    animation: note-in 0.12s ease-out;
  }
  .provenance-note[hidden] {
    display: none;
  }
  .provenance-note span {
    display: block;
  }
  .note-title {
    color: var(--_muted);
  }
  @keyframes note-in {
    from {
      opacity: 0;
    }
  }
  /* A word longer than the card wraps inside it (inherited by the card's own light-DOM content). */
  .card ::slotted(*) {
    display: block;
    overflow-wrap: break-word;
    padding: 0.6rem 0.75rem;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
  }

  .notice {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    margin: 0.5rem 0.75rem 0;
    padding: 0.45rem 0.6rem;
    font-size: 0.9em;
    background: var(--_notice-bg);
    color: var(--_notice-text);
    border-radius: calc(var(--_radius) * 0.5);
  }
  .notice span {
    flex: 1;
  }
  .progress-row,
  .consent {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    margin: 0.5rem 0.75rem 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  progress {
    flex: 1 1 100%;
    accent-color: var(--_accent);
  }
  .progress-text,
  .consent span {
    flex: 1;
  }
  .engine {
    flex: 0 1 auto;
    min-width: 0;
    max-width: 45%;
    font-size: 0.75em;
    color: var(--_muted);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }

  .composer {
    display: flex;
    gap: 0.5rem;
    align-items: flex-end;
    padding: 0.6rem 0.75rem;
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    min-width: 0;
    min-height: 2.4em;
    max-height: 8em;
    /* Grows with its text, up to max-height. */
    field-sizing: content;
    resize: none;
    box-sizing: border-box;
    padding: 0.45rem 0.6rem;
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
  }

  button,
  select {
    font: inherit;
    color: inherit;
    border-radius: calc(var(--_radius) * 0.6);
    border: 1px solid var(--_border);
    background: var(--_bg);
    padding: 0.4rem 0.75rem;
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  .send,
  .stop {
    padding: 0.45rem 0.6rem;
  }
  /* One of the two at a time: Stop while a reply runs, Send otherwise. */
  .composer[data-generating] .send,
  .composer:not([data-generating]) .stop {
    display: none;
  }
  .send {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: var(--_accent);
  }
  .mic {
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 2.6em;
    overflow: hidden;
    /* A held finger must not scroll, zoom or select text, or open the long-press menu. */
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
    -webkit-touch-callout: none;
  }
  .mic[aria-pressed='true'],
  .speaker[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: var(--_accent);
  }
  .mic-level {
    position: absolute;
    left: 0;
    right: 0;
    bottom: 0;
    height: 3px;
    background: currentColor;
    transform-origin: left;
    transform: scaleX(0);
  }
  /* The level in tenths, as an attribute rather than an inline style, which a strict CSP (no 'unsafe-inline') blocks. */
  .mic-level[data-level='1'] {
    transform: scaleX(0.1);
  }
  .mic-level[data-level='2'] {
    transform: scaleX(0.2);
  }
  .mic-level[data-level='3'] {
    transform: scaleX(0.3);
  }
  .mic-level[data-level='4'] {
    transform: scaleX(0.4);
  }
  .mic-level[data-level='5'] {
    transform: scaleX(0.5);
  }
  .mic-level[data-level='6'] {
    transform: scaleX(0.6);
  }
  .mic-level[data-level='7'] {
    transform: scaleX(0.7);
  }
  .mic-level[data-level='8'] {
    transform: scaleX(0.8);
  }
  .mic-level[data-level='9'] {
    transform: scaleX(0.9);
  }
  .mic-level[data-level='10'] {
    transform: scaleX(1);
  }
  .mic-status {
    align-self: center;
    font-size: 0.8em;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .dismiss {
    padding: 0 0.4rem;
    border: none;
    background: transparent;
  }

  /* Inside, not around: the panel clips what overflows it, and the log fills it edge to edge. */
  .log:focus-visible {
    outline-offset: -3px;
  }
  .icon {
    display: block;
  }


  @media (prefers-reduced-motion: reduce) {
    .message.streaming .text::after,
    .provenance-note {
      animation: none;
    }
  }
`;
