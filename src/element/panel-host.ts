import type { ReactiveControllerHost } from 'lit';
import type { Labels } from './labels.js';
import type { SpeechSettings } from './speech-input-controller.js';
import type { TwinAttributes } from './twin-loading-controller.js';

/**
 * What the panel (chat-panel.ts) reads and sets on `<twin-chat>`: its public properties. Declared here rather
 * than imported from the element, which imports the panel.
 */
export interface PanelHost extends ReactiveControllerHost, HTMLElement, TwinAttributes, SpeechSettings {
  readonly renderRoot: HTMLElement | DocumentFragment;
  mode: 'inline' | 'launcher';
  open: boolean;
  banner: string;
  placeholder: string;
  speech: 'on' | 'off';
  autoSend: boolean;
  maxHistory: number;
  maxHistoryChars: number;
  groundedLabel: string;
  improvisedLabel: string;
  declinedLabel: string;
  labels: Partial<Labels>;
  groundingThreshold: number | null;
}
