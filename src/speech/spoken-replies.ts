/**
 * Spoken replies: the browser's own speechSynthesis reads each finished reply aloud while the visitor has the
 * speaker toggle on. Off by default and never persisted: every page load starts silent.
 *
 * Only on-device voices are used. Some browsers also offer network voices (Chrome's "Google …" voices send the
 * text to a server), and reading a reply through one would break the promise that nothing leaves the tab.
 */

export interface SpokenRepliesEnvironment {
  synthesis: SpeechSynthesis;
  Utterance: typeof SpeechSynthesisUtterance;
}

/** The browser's speech synthesis, or undefined where it has none (then the speaker toggle is hidden). */
export function browserSpeechSynthesis(): SpokenRepliesEnvironment | undefined {
  const synthesis = globalThis.speechSynthesis;
  const Utterance = globalThis.SpeechSynthesisUtterance;
  return synthesis && typeof Utterance === 'function' ? { synthesis, Utterance } : undefined;
}

/**
 * The on-device voice for `lang` (a BCP 47 tag such as the page's `<html lang>`): the first local voice of the
 * same language, else the local default, else any local voice. Undefined when the browser has no local voice.
 */
export function pickLocalVoice(
  voices: readonly SpeechSynthesisVoice[],
  lang: string,
): SpeechSynthesisVoice | undefined {
  const local = voices.filter((voice) => voice.localService);
  const language = lang.toLowerCase().split('-')[0] ?? '';
  return (
    local.find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === language) ??
    local.find((voice) => voice.default) ??
    local[0]
  );
}

/**
 * Reads `text` with an on-device voice, cutting off whatever was still being read. Returns false, saying
 * nothing, when the browser has no on-device voice.
 */
export function speakReply(environment: SpokenRepliesEnvironment, text: string, lang: string): boolean {
  const voice = pickLocalVoice(environment.synthesis.getVoices(), lang);
  if (!voice) return false;
  environment.synthesis.cancel();
  const utterance = new environment.Utterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  environment.synthesis.speak(utterance);
  return true;
}
