import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/conversation/chat-message.js';
import { loadMicroTwin } from './micro-twin.js';

interface ReferenceCase {
  messages: ChatMessage[];
  prompt_ids: number[];
  /** PyTorch fp32 greedy ids. */
  torch: number[];
}

/**
 * The fp32 build on one device must decode, greedily and without a penalty, exactly the ids PyTorch decoded for
 * the same prompts (models/ada-twin/reference.json, written by `twin-finetune`'s parity step). It runs the same
 * loader the worker runs, here on the page so the ids can be read.
 */
export async function expectTorchParity(device: 'wasm' | 'webgpu'): Promise<number> {
  const reference = await (await fetch('/models/ada-twin/reference.json')).json();
  const model = await loadMicroTwin(device, 'fp32');
  const sampling = { temperature: 0, top_p: 1, repetition_penalty: 1, max_new_tokens: reference.max_new_tokens };
  const cases = reference.cases as ReferenceCase[];
  for (const { messages, torch } of cases) {
    const { tokens } = await model.generate({ messages, sampling }, () => undefined);
    expect(tokens, JSON.stringify(messages.at(-1))).to.deep.equal(torch);
  }
  await model.unload();
  return cases.length;
}
