import { expect } from '@open-wc/testing';
import { renderChatML } from '../../src/generation/chat-ml.js';

describe('renderChatML', () => {
  it('renders ChatML turns and the generation prompt', () => {
    const text = renderChatML(
      [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'Hi' },
      ],
      true,
    );
    expect(text).to.equal('<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });
});
