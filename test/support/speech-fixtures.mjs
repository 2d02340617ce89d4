// What the speech tests need before Chromium starts: a real spoken sentence as a WAV (espeak-ng), which Chromium's
// fake microphone plays (--use-file-for-fake-audio-capture needs the file at launch), and the random-weight Whisper
// fixture in transformers.js' layout, built by the Python side (`twin-finetune whisper`). Both go to build/
// (git-ignored) and are made once; delete them to rebuild.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const SPEECH_SENTENCE = 'Tell me about your rust projects.';
export const SPEECH_WAV = resolve(ROOT, 'build/speech/sentence.wav');
export const WHISPER_FIXTURE = resolve(ROOT, 'build/whisper-fixture');

/** Writes the WAV with espeak-ng (Debian's espeak-ng, 22050 Hz mono PCM) unless it is there. */
export function speechWav() {
  if (!existsSync(SPEECH_WAV)) {
    mkdirSync(resolve(SPEECH_WAV, '..'), { recursive: true });
    execFileSync('espeak-ng', ['-w', SPEECH_WAV, SPEECH_SENTENCE]);
  }
  return SPEECH_WAV;
}

/** Builds the Whisper fixture with the project's venv unless it is there; without a venv, says so (the speech tests then fail). */
export function whisperFixture() {
  if (!existsSync(resolve(WHISPER_FIXTURE, 'onnx/decoder_model_merged_quantized.onnx'))) {
    if (!existsSync(resolve(ROOT, '.venv/bin/twin-finetune'))) {
      console.warn('No .venv: the Whisper fixture for the speech tests cannot be built (run scripts/install-test-deps.sh).');
      return WHISPER_FIXTURE;
    }
    execFileSync(resolve(ROOT, '.venv/bin/twin-finetune'), ['--threads', '1', 'whisper', '--out', WHISPER_FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'inherit', 'ignore'],
    });
  }
  return WHISPER_FIXTURE;
}
