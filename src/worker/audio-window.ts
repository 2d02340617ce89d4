/**
 * How much audio Whisper encodes for a clip, and how many tokens it may say about it.
 *
 * Whisper was trained on 30 s windows, and its encoder costs the same for a 2 s question as for 30 s of speech.
 * An encoder exported to take shorter windows (whisper.cpp's `audio_ctx`) runs on the first positions only. Too
 * little padding after the speech and the decoder loses track of where speech ends and repeats itself; with at
 * least 8 s in all and 2 s after the clip, Whisper tiny.en's word error on the spoken set (bench/speech.mjs)
 * is no worse than with the full window.
 */
export const SAMPLING_RATE = 16000;
export const FULL_WINDOW_S = 30;
export const SHORTEST_WINDOW_S = 8;
export const WINDOW_PADDING_S = 2;

/** Seconds of window to encode for a clip of `seconds`: whole seconds, from SHORTEST_WINDOW_S to the full window. */
export function windowSeconds(seconds: number): number {
  return Math.min(FULL_WINDOW_S, Math.max(SHORTEST_WINDOW_S, Math.ceil(seconds + WINDOW_PADDING_S)));
}

/** Whisper's prompt: start of transcript, language and task (multilingual models only), no timestamps. */
const PROMPT_TOKENS = 4;

/**
 * Speech runs at about 3–4 Whisper tokens a second; a transcript far longer than that is a decoder repeating
 * itself, which this cuts short (Moonshine's own decoding stops at 6 a second for the same reason). Never past the
 * decoder's `positions`, prompt included.
 */
export function maxNewTokens(seconds: number, positions: number): number {
  return Math.min(Math.ceil(8 + 6 * seconds), positions - PROMPT_TOKENS);
}
