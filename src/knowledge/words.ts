/**
 * The words of a visitor's text, as the keyword router and the retrieval both see them: lower case, accents
 * folded (so "café" meets "cafe"), split on anything that is not a letter or a digit ("what's" → what, s).
 */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
