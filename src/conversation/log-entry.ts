import type { Grounding } from '../honesty/grounding.js';

/** Who wrote a message; also the second part name of its bubble (`message user`, `message twin`). */
export type MessageRole = 'user' | 'twin';

/** One bubble in the log. `text` is always plain text: Lit renders it as a text node, never as HTML. */
export interface LogEntry {
  id: number;
  role: MessageRole;
  text: string;
  /** True while the reply is still arriving. */
  streaming: boolean;
  /** A reply whose question was asked while the twin loads: it starts once an engine is ready. */
  waiting?: boolean;
  /** Answered by the scripted twin because the model waits for the visitor's download choice. */
  standIn?: boolean;
  /** The slot that shows this reply's card, once one is being placed. */
  cardSlot?: string;
  /** A finished twin message's grounding in the person's notes, worked out once when it finished. */
  provenance?: Grounding;
}

/** What every card slot's name starts with: a page styles or finds the cards by it. */
export const CARD_SLOT_PREFIX = 'twin-card-';

/** The name that ties one reply's <slot> to the light-DOM card shown in it. */
export function cardSlotName(index: number): string {
  return `${CARD_SLOT_PREFIX}${index}`;
}
