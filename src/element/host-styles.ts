import { css } from 'lit';

/**
 * What the page shows before the chat is opened: the host, the launcher button and the empty panel frame. The rest
 * of the look arrives with the panel (panel-styles.ts), so a page pays for it only when the chat is shown.
 *
 * Every colour, the radius and the font come from a `--twin-*` custom property with a light and a dark default,
 * so a page can theme the element from outside the shadow root without touching parts one by one. The private
 * `--_*` names hold the resolved values so the dark-scheme block only has to swap the defaults.
 */
export const hostStyles = css`
  :host {
    --_bg: var(--twin-bg, #ffffff);
    --_surface: var(--twin-surface, #f4f4f7);
    --_text: var(--twin-text, #1c1c22);
    --_muted: var(--twin-muted, #5c5c68);
    --_border: var(--twin-border, #d5d5dd);
    --_accent: var(--twin-accent, #3451b2);
    --_accent-text: var(--twin-accent-text, #ffffff);
    --_user-bg: var(--twin-user-bg, #e6ebff);
    --_twin-bg: var(--twin-twin-bg, #f1f1f5);
    --_notice-bg: var(--twin-notice-bg, #fff3e0);
    --_notice-text: var(--twin-notice-text, #6d3800);
    --_focus: var(--twin-focus, #3451b2);
    --_grounded: var(--twin-grounded, #1d6b3a);
    --_improvised: var(--twin-improvised, #8a4500);
    --_declined: var(--twin-declined, #5c5c68);
    --_radius: var(--twin-radius, 12px);
    display: block;
    color: var(--_text);
    font-family: var(--twin-font, system-ui, -apple-system, 'Segoe UI', sans-serif);
    font-size: var(--twin-font-size, 15px);
    line-height: 1.45;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--twin-bg, #18181c);
      --_surface: var(--twin-surface, #222229);
      --_text: var(--twin-text, #ececf1);
      --_muted: var(--twin-muted, #a5a5b2);
      --_border: var(--twin-border, #3a3a45);
      --_accent: var(--twin-accent, #93a8ff);
      --_accent-text: var(--twin-accent-text, #111117);
      --_user-bg: var(--twin-user-bg, #2c3454);
      --_twin-bg: var(--twin-twin-bg, #26262e);
      --_notice-bg: var(--twin-notice-bg, #3b2a12);
      --_notice-text: var(--twin-notice-text, #ffd9a8);
      --_focus: var(--twin-focus, #93a8ff);
      --_grounded: var(--twin-grounded, #86d9a2);
      --_improvised: var(--twin-improvised, #ffbf69);
      --_declined: var(--twin-declined, #b9b9c6);
    }
  }
  /* Stronger than the launcher's own display, so a page can hide a launcher too. */
  :host([hidden]),
  :host([hidden][mode='launcher']) {
    display: none;
  }
  :host([mode='launcher']) {
    position: fixed;
    right: var(--twin-launcher-inset, 1rem);
    bottom: var(--twin-launcher-inset, 1rem);
    z-index: var(--twin-z-index, 1000);
    display: flex;
    flex-direction: column-reverse;
    align-items: flex-end;
    gap: 0.5rem;
  }

  .panel {
    container: twin-panel / inline-size;
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    width: var(--twin-width, 100%);
    height: var(--twin-height, 32rem);
    max-height: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .panel[hidden] {
    display: none;
  }
  :host([mode='launcher']) .panel {
    width: var(--twin-width, min(24rem, calc(100vw - 2rem)));
    height: var(--twin-height, min(34rem, calc(100vh - 6rem)));
    box-shadow: 0 8px 28px rgb(0 0 0 / 0.22);
  }
  .launcher {
    font: inherit;
    padding: 0.7rem 1.1rem;
    cursor: pointer;
    background: var(--_accent);
    color: var(--_accent-text);
    border: 1px solid var(--_accent);
    border-radius: 999px;
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  }
  /* Shown in the frame when the panel's own script could not be loaded. */
  .unavailable {
    margin: 0.75rem;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
