import type { ChatMessage } from './chat-message.js';

/**
 * ChatML, exactly as SmolLM2-135M-Instruct's and Qwen2.5-Instruct's chat templates render a conversation that
 * starts with an explicit system message. Training renders through the Python tokenizer's template; a test in
 * test/finetune proves this function gives the same text and the same token ids, because the system prompt and
 * the turn markers are part of what the weights learned.
 */
export function renderChatML(messages: readonly ChatMessage[], addGenerationPrompt: boolean): string {
  let text = '';
  for (const message of messages) {
    text += `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
  }
  if (addGenerationPrompt) text += '<|im_start|>assistant\n';
  return text;
}

/** The tokens that end a twin's reply; generation stops at either. */
export const STOP_TOKENS = ['<|im_end|>', '<|endoftext|>'] as const;
