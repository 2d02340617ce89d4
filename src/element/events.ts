import type { ConversationProblem } from '../conversation/conversation-controller.js';
import type { MessageRole } from '../conversation/log-entry.js';
import type { EngineDevice, EngineKind } from '../engines/engine.js';
import type { GroundingSource } from '../honesty/grounding.js';
import type { LoadErrorCode } from '../models/load-error.js';
import type { LoadPhase, LoadStep } from '../loading/twin-loader.js';
import type { SpeechProblem } from '../speech/mic-controller.js';
import type { ToolCall } from '../tools/tool-call.js';

export interface TwinMessageDetail {
  role: MessageRole;
  text: string;
  /**
   * Twin messages only: whether the message is supported by the person's notes (the manifest's baked Q/A).
   * Fixed text (the greeting, scripted answers) is grounded, with score 1, unless it declines.
   */
  grounded?: boolean;
  /** Twin messages only: the twin says it doesn't know, rather than guess (neither grounded nor improvised). */
  declined?: boolean;
  /** Twin messages only: the share of the message, in [0, 1], that its best note supports. */
  score?: number;
  /** Twin messages only: that note (first question and answer), or null when none matched. */
  source?: GroundingSource | null;
}

export interface TwinToolDetail {
  app: string;
  params: Record<string, string>;
  source: ToolCall['source'];
  /** The slot name to give a light-DOM child so it appears as this reply's card. */
  slot: string;
}

export interface TwinClearDetail {
  /** The card slots of the log being cleared: their cards (the page's included) are removed with it. */
  slots: string[];
}

export interface TwinEngineDetail {
  engine: EngineKind;
  device: EngineDevice;
}

export type ProgressPhase = LoadPhase;
export type TwinProgressDetail = LoadStep;

/** Loading failures, plus what can go wrong while chatting. */
export type TwinErrorCode =
  | LoadErrorCode
  | ConversationProblem
  | 'engine-fallback'
  | 'card-failed'
  | SpeechProblem
  | 'voice-unavailable'
  | 'labels-invalid'
  | 'panel-unreachable';

export interface TwinErrorDetail {
  code: TwinErrorCode;
  message: string;
}

export interface TwinEventDetails {
  'twin-message': TwinMessageDetail;
  'twin-tool': TwinToolDetail;
  'twin-clear': TwinClearDetail;
  'twin-engine': TwinEngineDetail;
  'twin-progress': TwinProgressDetail;
  'twin-error': TwinErrorDetail;
}

/** Each of the element's events with its CustomEvent type: what typed framework handlers receive. */
export type TwinChatEventMap = { [K in keyof TwinEventDetails]: CustomEvent<TwinEventDetails[K]> };

declare global {
  interface HTMLElementEventMap {
    'twin-message': CustomEvent<TwinMessageDetail>;
    'twin-tool': CustomEvent<TwinToolDetail>;
    'twin-clear': CustomEvent<TwinClearDetail>;
    'twin-engine': CustomEvent<TwinEngineDetail>;
    'twin-progress': CustomEvent<TwinProgressDetail>;
    'twin-error': CustomEvent<TwinErrorDetail>;
  }
}

/**
 * Dispatches one of the element's events: always bubbling and composed, so a page sees it from outside. Returns
 * false when a listener called `preventDefault()` on a `cancelable` one.
 */
export function emit<K extends keyof TwinEventDetails>(
  target: HTMLElement,
  type: K,
  detail: TwinEventDetails[K],
  { cancelable = false } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
