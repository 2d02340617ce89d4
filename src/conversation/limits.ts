/**
 * The longest message a visitor may send. Longer input is refused with a clear message and left in the input
 * box, never silently truncated: a cut-off question would get a confident answer to something nobody asked.
 */
export const MAX_INPUT_CHARS = 2000;

/**
 * The history caps when none that make sense are given (the element's `max-history` and `max-history-chars`
 * defaults). A cap of NaN, from `max-history="lots"`, would otherwise cap nothing.
 */
export const DEFAULT_HISTORY_LIMITS = { maxMessages: 20, maxChars: 6000 } as const;
