import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { loadMicroTwin } from './micro-twin.js';

interface ReferenceCase {
  messages: ChatMessage[];
  /** PyTorch fp32 greedy ids. */
  torch: number[];
}

/** A reference prompt's reply as this browser decoded it (`got`), beside PyTorch's. */
interface Reply {
  messages: ChatMessage[];
  got: number[];
  torch: number[];
}

/**
 * Builds with a reference.json written by `twin-finetune`'s parity step: the micro twin, and the quantization
 * fixture (test/support/quantization_fixture.py), whose q8 and q4 builds decode other ids than PyTorch, so that
 * fp32 parity fails if any other build's file is loaded for fp32. The micro twin alone cannot tell: its fp32, q8
 * and q4 builds decode the same ids.
 */
export const PARITY_BUILDS = ['/models/ada-twin/', '/build/quantization-fixture/'];

/** Greedy replies, without a penalty, to a build's reference prompts, decoded by the same loader the worker runs. */
export async function referenceReplies(build: string, device: 'wasm' | 'webgpu', dtype: string): Promise<Reply[]> {
  const reference = await (await fetch(new URL('reference.json', new URL(build, location.href)))).json();
  const model = await loadMicroTwin(device, dtype, { buildUrl: new URL(build, location.href).href });
  const sampling = { temperature: 0, top_p: 1, repetition_penalty: 1, max_new_tokens: reference.max_new_tokens };
  const replies: Reply[] = [];
  try {
    for (const { messages, torch } of reference.cases as ReferenceCase[]) {
      const { tokens } = await model.generate({ messages, sampling }, () => undefined);
      replies.push({ got: tokens, torch, messages });
    }
  } finally {
    await model.unload();
  }
  return replies;
}

/**
 * The fp32 build of every parity build, on one device, must decode exactly the ids PyTorch decoded for the same
 * prompts. Runs on the page so the ids can be read. Returns how many prompts were checked.
 */
export async function expectTorchParity(device: 'wasm' | 'webgpu'): Promise<number> {
  let cases = 0;
  for (const build of PARITY_BUILDS) {
    for (const { got, torch, messages } of await referenceReplies(build, device, 'fp32')) {
      expect(got, `${build}: ${JSON.stringify(messages.at(-1))}`).to.deep.equal(torch);
      cases++;
    }
  }
  return cases;
}
