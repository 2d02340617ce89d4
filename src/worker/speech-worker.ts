/// <reference lib="webworker" />
/**
 * The module worker that hosts Whisper (ARCHITECTURE.md, "Speech"). The page side is src/speech/transcriber.ts. transformers.js
 * is imported on demand, so the worker starts at once and says "loading" before the library is in.
 */
import type { FromSpeechWorker, SpeechLoadSpec, ToSpeechWorker, TranscribeOptions } from './speech-protocol.js';
import type { WhisperModel } from './whisper-model.js';
import { errorMessage } from './worker-rpc.js';

declare const self: DedicatedWorkerGlobalScope;

let model: Promise<WhisperModel> | undefined;
/** Transcriptions run one at a time, in order. */
let queue: Promise<void> = Promise.resolve();

function post(message: FromSpeechWorker): void {
  self.postMessage(message);
}

function load(spec: SpeechLoadSpec): void {
  model = (async () => {
    const { WhisperModel } = await import('./whisper-model.js');
    return WhisperModel.load(spec, (progress) => post({ type: 'progress', progress }));
  })();
  model.then(
    () => post({ type: 'loaded' }),
    (error: unknown) => post({ type: 'load-failed', message: errorMessage(error) }),
  );
}

function transcribe(id: number, audio: Float32Array, options?: TranscribeOptions): void {
  queue = queue.then(async () => {
    try {
      if (!model) throw new Error('No speech model is loaded in this worker.');
      const whisper = await model;
      const started = performance.now();
      const text = await whisper.transcribe(audio, options);
      post({ type: 'transcript', id, text, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      post({ type: 'transcribe-failed', id, message: errorMessage(error) });
    }
  });
}

self.onmessage = ({ data }: MessageEvent<ToSpeechWorker>) => {
  switch (data.type) {
    case 'load':
      return load(data.spec);
    case 'transcribe':
      return transcribe(data.id, data.audio, data.options);
  }
};
