import type { SpeechProblem } from './mic-controller.js';

/** Every way speech input can fail; each becomes one notice, and the next hold of the mic button clears them. */
export const SPEECH_PROBLEMS: readonly SpeechProblem[] = [
  'mic-denied',
  'mic-missing',
  'mic-unavailable',
  'clip-too-short',
  'clip-too-long',
  'speech-empty',
  'speech-model-unreachable',
  'speech-failed',
];
