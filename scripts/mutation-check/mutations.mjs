// What `node scripts/mutation-check.mjs` breaks, one row each, and the tests that claim the broken feature. Each
// edit replaces text that must occur exactly once in its file, so a row whose code has moved says so instead of
// testing nothing. A row is "caught" when its tests pass on the unmutated copy and fail on the mutated one.

const PENALTY_TESTS = { browser: { files: ['test/engines/penalty.test.ts', 'test/engines/penalty-engine.test.ts'] } };

export const MUTATIONS = [
  {
    name: 'penalty counts the prompt',
    claim: 'the repetition penalty counts only generated tokens (both engine paths)',
    edits: [
      [
        'src/worker/transformers-model.ts',
        'new GeneratedOnlyRepetitionPenalty(promptIds.length,',
        'new GeneratedOnlyRepetitionPenalty(0,',
      ],
      [
        'src/worker/draft-decoding.ts',
        'penaliseGenerated(logits, sequence, options.promptIds.length,',
        'penaliseGenerated(logits, sequence, 0,',
      ],
    ],
    claims: PENALTY_TESTS,
  },
  {
    name: 'penalty removed',
    claim: 'the engine applies the repetition penalty (both engine paths)',
    edits: [
      [
        'src/worker/transformers-model.ts',
        'processors.push(new GeneratedOnlyRepetitionPenalty(promptIds.length, sampling.repetition_penalty));',
        '',
      ],
      [
        'src/worker/draft-decoding.ts',
        'penaliseGenerated(logits, sequence, options.promptIds.length, options.repetitionPenalty);',
        '',
      ],
    ],
    claims: PENALTY_TESTS,
  },
  {
    name: 'Python greedy penalty disabled',
    claim: "greedy()'s penalty, checked against hand-worked logits and Hugging Face's processor",
    edits: [['finetune/twin_finetune/generate.py', 'if repetition_penalty != 1.0 and generated:', 'if False:']],
    claims: { pytest: ['test/finetune/test_greedy.py', 'test/finetune/test_onnx.py', '-k', 'penalty or greedy'] },
  },
  {
    name: 'fp32 loads model_q4.onnx',
    claim: 'fp32 greedy ids equal PyTorch (parity, draft decoding, KV reuse)',
    edits: [
      [
        'src/worker/transformers-model.ts',
        "dtype: spec.dtype as 'fp32',",
        "dtype: (spec.dtype === 'fp32' ? 'q4' : spec.dtype) as 'fp32',",
      ],
    ],
    claims: {
      browser: {
        files: [
          'test/engines/parity-wasm.test.ts',
          'test/engines/draft-decoding.test.ts',
          'test/engines/kv-reuse.test.ts',
        ],
      },
    },
  },
  {
    name: 'no hash check on fresh downloads',
    claim: 'a download that does not match fails the load and the chat steps down',
    edits: [['src/worker/model-fetch.ts', 'if (actual !== expected)\n', 'if (actual !== expected && !actual)\n']],
    claims: { browser: { files: ['test/faults/faults.test.ts'], group: 'faults-audits' } },
  },
  {
    name: "worker keeps every turn's KV cache",
    claim: 'the heap after GC does not grow over 500 turns on the engine',
    edits: [
      [
        'src/worker/transformers-model.ts',
        'if (held && past !== held.entries) void held.entries.dispose();',
        'if (held) everyTurnsCache.push(held.entries);',
      ],
      [
        'src/worker/transformers-model.ts',
        '/** Our repetition penalty as a transformers.js processor',
        'const everyTurnsCache: unknown[] = [];\n/** Our repetition penalty as a transformers.js processor',
      ],
    ],
    claims: { browser: { files: ['test/lifecycle/long-session.test.ts'], group: 'lifecycle' } },
  },
  {
    name: 'question URL-encoded into a cookie',
    claim: 'nothing of the conversation is stored',
    edits: [
      [
        'src/conversation/conversation-controller.ts',
        "this.#add('user', asked);",
        "this.#add('user', asked);\n    document.cookie = `q=${encodeURIComponent(asked)}`;",
      ],
    ],
    claims: { browser: { files: ['test/audit/storage.test.ts'], group: 'faults-audits' } },
  },
  {
    name: 'cancelled mic clip transcribed 1 s later',
    claim: 'a cancelled recording is thrown away: no transcript, no notice',
    edits: [
      [
        'src/speech/mic-controller.ts',
        '    this.#recording?.cancel();\n',
        '    const cancelled = this.#recording;\n    setTimeout(() => ((this.#recording = cancelled), void this.#finish(false)), 1000);\n',
      ],
    ],
    claims: { browser: { files: ['test/speech/controller.test.ts'], group: 'speech' } },
  },
  {
    name: 'closed launcher fetches the registry after 100 ms',
    claim: 'a closed launcher fetches nothing before it is opened',
    edits: [
      [
        'src/element/twin-chat.ts',
        "return this.mode === 'inline' || this.open;",
        "if (this.mode === 'launcher' && !this.open) setTimeout(() => fetch(new URL(this.registry, document.baseURI)), 100);\n    return this.mode === 'inline' || this.open;",
      ],
    ],
    claims: { browser: { files: ['test/element/launcher.test.ts'] } },
  },
  {
    name: 'closed launcher loads the panel',
    claim: "a closed launcher loads not even the panel's module before it is opened",
    edits: [['src/element/twin-chat.ts', "return this.mode === 'inline' || this.open;", 'return true;']],
    claims: { browser: { files: ['test/element/launcher.test.ts'] } },
  },
  {
    name: 'claimed card drawn anyway',
    claim: 'a twin-tool listener that calls preventDefault() gets the slot to itself',
    edits: [
      [
        'src/element/card-slots.ts',
        "if (!emit(host, 'twin-tool', detail, { cancelable: true })) {",
        "if (!emit(host, 'twin-tool', detail, { cancelable: true }) && false) {",
      ],
    ],
    claims: { browser: { files: ['test/element/card-slots.test.ts'] } },
  },
  {
    name: 'claimed card removed on clear',
    claim: "Clear leaves a card the page claimed for the page to remove, as a framework's renderer does",
    edits: [['src/element/chat-panel.ts', '.filter((card) => !claimed.has(card.slot));', ';']],
    claims: { browser: { files: ['test/element/card-slots.test.ts'] } },
  },
  {
    name: 'assets folder not checked',
    claim: "a folder without twin-chat's assets (a bundled app without asset-base) is named in one error",
    edits: [['src/worker/assets-check.ts', 'check = findMarker(assetBase, signal);', 'check = Promise.resolve();']],
    claims: { browser: { files: ['test/unit/assets-check.test.ts', 'test/element/loading.test.ts'] } },
  },
  {
    name: 'TOOL params not validated',
    claim: 'fuzz: every call the parser lets through is one the manifest allows',
    edits: [['src/tools/tool-line.ts', '    if (problem) return problem;\n', '']],
    claims: { browser: { files: ['test/fuzz/tool-line.test.ts'] } },
  },
  {
    name: 'reply bubble vanishes',
    claim: 'tool-params: a reply whose TOOL line is dropped still shows its sentence',
    edits: [
      [
        'src/conversation/conversation-controller.ts',
        'if (text && call) await this.#placeCard(entryId, call);',
        'if (text && call) await this.#placeCard(entryId, call);\n    else this.#set({ log: this.log.filter((entry) => entry.id !== entryId) });',
      ],
    ],
    claims: { browser: { files: ['test/security/tool-params.test.ts'] } },
  },
  {
    name: 'question asked while loading is refused',
    claim: 'conversation: a question typed while the twin loads is answered once it is ready, without retyping',
    edits: [
      [
        'src/conversation/conversation-controller.ts',
        '    this.hooks.asked();\n    this.#wait(asked);\n',
        '    return false;\n',
      ],
    ],
    claims: {
      browser: { files: ['test/unit/conversation-controller.test.ts', 'test/element/conversation.test.ts'] },
    },
  },
  {
    name: 'broken TOOL text shown',
    claim: 'fuzz: no TOOL text reaches a bubble at any moment of a streamed reply',
    edits: [['src/tools/tool-fragments.ts', 'const fragment = TOOL_FRAGMENT.exec(line);', 'const fragment = null;']],
    claims: { browser: { files: ['test/fuzz/tool-text-streaming.test.ts'] } },
  },
  {
    name: 'declines marked improvised',
    claim: "grounding: the twin's honest declines are marked declined",
    edits: [['src/honesty/grounding.ts', '  const declined =\n', '  const declined = false &&\n']],
    claims: { browser: { files: ['test/unit/grounding-demo.test.ts', 'test/element/provenance.test.ts'] } },
  },
];
