/** How a reply ended: naturally at a stop token, by the token limit, or by the visitor's stop. */
export type FinishReason = 'stop' | 'length' | 'aborted';

export interface GenerateResult {
  /** The whole raw reply, TOOL line included; the caller parses it. */
  text: string;
  finish: FinishReason;
}
