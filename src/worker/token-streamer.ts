import { BaseStreamer, type PreTrainedTokenizer } from '@huggingface/transformers';

/**
 * Streams a reply's text a token at a time. transformers.js's TextStreamer holds each word back until the next one
 * starts, so a reply's first word waited for a second decode step. Decoded text only grows at its end, with two
 * exceptions held back here: a trailing half of a multi-byte character (decoded as U+FFFD until its other bytes
 * come) and trailing whitespace (the tokenizer's clean-up drops a space before punctuation that follows it).
 */
export class TokenStreamer extends BaseStreamer {
  #ids: number[] = [];
  #shown = '';
  #promptSkipped = false;

  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly onText: (piece: string) => void,
  ) {
    super();
  }

  override put(value: bigint[][]): void {
    // generate() passes the prompt first.
    if (!this.#promptSkipped) {
      this.#promptSkipped = true;
      return;
    }
    this.add((value[0] ?? []).map(Number));
  }

  /** The reply's next ids (put() takes them from generate(); draft decoding calls this directly). */
  add(ids: readonly number[]): void {
    this.#ids.push(...ids);
    this.#show(this.text.replace(/\uFFFD+$/, '').trimEnd());
  }

  override end(): void {
    this.#show(this.text);
  }

  /** The whole reply so far, special tokens left out. */
  get text(): string {
    // decode() throws on no ids, which is what a reply that stops at once leaves here (its stop token is not added).
    return this.#ids.length === 0 ? '' : this.tokenizer.decode(this.#ids, { skip_special_tokens: true });
  }

  #show(printable: string): void {
    if (printable.length <= this.#shown.length || !printable.startsWith(this.#shown)) return;
    this.onText(printable.slice(this.#shown.length));
    this.#shown = printable;
  }
}
