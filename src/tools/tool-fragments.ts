/**
 * Broken TOOL text. A small twin sometimes writes a TOOL line wrong: the tail of one without its head
 * (`Bye!":"contact","params":{}}`), or a call begun mid-sentence (`Sure! TOOL {"app":…`). Neither is a TOOL line
 * to the parser (tool-line.ts), so both would stay in the prose, and a visitor must never see TOOL JSON. What is
 * cut is JSON's own punctuation, not any brace: CSS or a template in a reply (`li {color: red}`, `{{name}}`) stays.
 */

/**
 * Where a line turns into TOOL JSON: `TOOL {`, `{"`, a key's `":`, `","` between two strings, `"}`, empty params'
 * `{}}`, or closing braces that end the line right after prose (every tail of a TOOL line ends in `}`).
 */
const TOOL_FRAGMENT = /\bTOOL\s*[{:]|\{\s*"|"\s*:|"\s*,\s*"|"\s*\}|\{\s*\}\s*\}|(?<=^|[\s.!?"{])\}+\s*$/u;

/**
 * The end of a line still arriving that may yet grow into a fragment: a quote with the word it opens or closes
 * (`"app`, `uses",`), an opening brace, or a word that may become TOOL.
 */
const MAY_BECOME_FRAGMENT = /(?:"[^"\s]*(?:"\s*,?)?|"\s*,?|\{|(?<![\p{L}\p{N}_])T(?:O(?:OL?)?)?)\s*$/u;

/** `text` with every line cut where TOOL JSON starts; a line that was nothing else goes. */
export function cutToolFragments(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const fragment = TOOL_FRAGMENT.exec(line);
    if (!fragment) {
      lines.push(line);
      continue;
    }
    // The string the JSON punctuation closes belongs to it too: `Hi!"app":` leaves `Hi!`, and `books"}}` leaves
    // `books` (its opening quote is gone with the TOOL line's head).
    const prose = line
      .slice(0, fragment.index)
      .replace(/"[^"\s]*$/u, '')
      .replace(/["\s]+$/u, '');
    if (prose.trim()) lines.push(prose);
  }
  return lines.join('\n');
}

/** Like cutToolFragments, for a reply still arriving: the end of its last line waits while it may become one. */
export function cutToolFragmentsWhileStreaming(partial: string): string {
  const cut = cutToolFragments(partial);
  const lineStart = cut.lastIndexOf('\n') + 1;
  const held = MAY_BECOME_FRAGMENT.exec(cut.slice(lineStart));
  return held ? cut.slice(0, lineStart + held.index).trimEnd() : cut;
}
