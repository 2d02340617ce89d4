/**
 * The forms a text takes when code stores it without thinking of privacy: as it is, URL-encoded (a cookie value,
 * a query string), form-encoded, JSON-escaped (inside a JSON document) and base64 (standard and URL-safe). A
 * search for the text itself finds none of the others: "Tell me about…" is "Tell%20me%20about…" in a cookie.
 */

export interface EncodedForm {
  encoding: string;
  form: string;
}

/** Every form of `text`, each once (a form equal to an earlier one is left out). Suited to texts of 12+ characters. */
export function encodedForms(text: string): EncodedForm[] {
  const forms: EncodedForm[] = [
    { encoding: 'verbatim', form: text },
    { encoding: 'URL-encoded', form: encodeURIComponent(text) },
    { encoding: 'form-encoded', form: new URLSearchParams({ q: text }).toString().slice('q='.length) },
    { encoding: 'JSON-escaped', form: JSON.stringify(text).slice(1, -1) },
    ...base64Forms(text),
  ];
  return forms.filter(({ form }, index) => forms.findIndex((other) => other.form === form) === index);
}

/**
 * base64 of `text` as it reads inside a longer encoded value: its bytes can start at any of three positions in a
 * 3-byte group, and each position encodes them differently. For each, the characters that depend on the text's
 * bytes alone: the first group (shared with bytes before it) and the last (shared with bytes after) are cut off.
 */
function base64Forms(text: string): EncodedForm[] {
  const bytes = new TextEncoder().encode(text);
  return [0, 1, 2].flatMap((offset) => {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = btoa(String.fromCharCode(...shifted)).slice(offset ? 4 : 0, -4);
    return [
      { encoding: 'base64', form: encoded },
      { encoding: 'base64url', form: encoded.replaceAll('+', '-').replaceAll('/', '_') },
    ];
  });
}
