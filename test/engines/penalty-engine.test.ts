import { expect } from '@open-wc/testing';
import type { PreTrainedModel } from '@huggingface/transformers';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { STOP_TOKENS } from '../../src/generation/chat-ml.js';
import { forwardPass } from '../../src/worker/forward-pass.js';
import type { WorkerLoadSpec } from '../../src/worker/protocol.js';
import { loadBareModel, loadMicroTwin } from './micro-twin.js';
import type { SuiteContext } from './model-helpers.js';

interface ReferenceCase {
  messages: ChatMessage[];
  prompt_ids: number[];
}

/** Strong, so that it changes the micro twin's greedy choice at some steps: at 1.1 its replies barely move. */
const PENALTY = 3;
const MAX_NEW_TOKENS = 24;
/** How far below the best penalised logit the engine's pick may be: a tie the two runs may break differently. */
const TIE = 1e-4;

/** The penalty's rule, written out here as the reference: a positive logit is divided, a negative one multiplied. */
function penalised(logits: Float32Array, ids: Iterable<number>): Float32Array {
  const out = Float32Array.from(logits);
  for (const id of new Set(ids)) out[id] = out[id]! < 0 ? out[id]! * PENALTY : out[id]! / PENALTY;
  return out;
}

/** The ids of the stop tokens in the micro twin's vocabulary. */
async function stopIds(): Promise<number[]> {
  const tokenizer = await (await fetch('/models/ada-twin/tokenizer.json')).json();
  const added = tokenizer.added_tokens as { id: number; content: string }[];
  return added.filter(({ content }) => (STOP_TOKENS as readonly string[]).includes(content)).map(({ id }) => id);
}

function best(logits: Float32Array): number {
  return logits.indexOf(Math.max(...logits));
}

/**
 * Replays a reply token by token on the bare model (the whole sequence each step, no cache) and checks that each
 * of its tokens is the greedy pick once the reply's own earlier tokens, and only those, are penalised. Counts the
 * steps where the check has teeth: where penalising the prompt too, or nothing at all, picks another token.
 */
async function replay(
  bare: PreTrainedModel,
  prompt: readonly number[],
  reply: readonly number[],
  stopped: boolean,
  stops: readonly number[],
) {
  const teeth = { promptCounted: 0, noPenalty: 0 };
  const steps = stopped ? reply.length + 1 : reply.length;
  for (let step = 0; step < steps; step++) {
    const said = reply.slice(0, step);
    const { rows } = await forwardPass(bare, [...prompt, ...said], undefined, 1);
    const logits = rows[0]!;
    const expected = penalised(logits, said);
    const picked = step < reply.length ? reply[step]! : best(expected);
    expect(expected[picked]!, `step ${step}: token ${picked} is the greedy pick`).to.be.at.least(
      Math.max(...expected) - TIE,
    );
    if (step === reply.length) expect(stops, 'the reply stops where the reference stops').to.include(picked);
    if (best(penalised(logits, [...prompt, ...said])) !== picked) teeth.promptCounted++;
    if (best(logits) !== picked) teeth.noPenalty++;
  }
  return teeth;
}

/**
 * The repetition penalty counts only the reply's own tokens, through the engine on the micro twin's reference
 * prompts: a penalty that also counted the prompt would keep a twin from echoing the name or the words of its
 * system prompt and the visitor's question. Both decoding paths are checked: WASM's greedy draft checking, and
 * transformers.js's own generate() (WebGPU's and sampling's path, here with drafts off).
 */
describe('the repetition penalty through the engine', function (this: SuiteContext) {
  this.timeout(180000);

  const paths: [string, Partial<WorkerLoadSpec>][] = [
    ['draft decoding', {}],
    ["transformers.js's generate()", { draftTokens: 0 }],
  ];
  for (const [path, extra] of paths) {
    it(`${path}: penalises the tokens the reply already said, never the prompt's`, async () => {
      const reference = await (await fetch('/models/ada-twin/reference.json')).json();
      const stops = await stopIds();
      const [twin, bare] = await Promise.all([loadMicroTwin('wasm', 'fp32', extra), loadBareModel('fp32')]);
      const sampling = { temperature: 0, top_p: 1, repetition_penalty: PENALTY, max_new_tokens: MAX_NEW_TOKENS };
      const teeth = { promptCounted: 0, noPenalty: 0 };
      try {
        for (const { messages, prompt_ids } of reference.cases as ReferenceCase[]) {
          twin.reset();
          const { tokens, finish } = await twin.generate({ messages, sampling }, () => undefined);
          const found = await replay(bare, prompt_ids, tokens, finish === 'stop', stops);
          teeth.promptCounted += found.promptCounted;
          teeth.noPenalty += found.noPenalty;
        }
      } finally {
        await Promise.all([twin.unload(), bare.dispose()]);
      }
      console.log(
        `[penalty] ${path}: steps where another token would be picked by counting the prompt ${teeth.promptCounted}, ` +
          `by no penalty ${teeth.noPenalty}`,
      );
      // Prompts whose best next token repeats a prompt token, and replies that repeat themselves: without both,
      // a penalty on the prompt or no penalty at all would pass.
      expect(teeth.promptCounted).to.be.greaterThan(0);
      expect(teeth.noPenalty).to.be.greaterThan(0);
    });
  }
});
