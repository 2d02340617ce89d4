/**
 * The longest message a visitor may send. Longer input is refused with a clear message and left in the input
 * box, never silently truncated: a cut-off question would get a confident answer to something nobody asked.
 */
export const MAX_INPUT_CHARS = 2000;
