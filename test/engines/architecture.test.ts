import { expect } from '@open-wc/testing';
import { checkArchitecture } from '../../src/worker/architecture.js';

describe('architecture detection', () => {
  it('accepts llama and qwen2 when the manifest agrees', () => {
    expect(checkArchitecture({ model_type: 'llama' }, 'llama', 'config.json')).to.equal('llama');
    expect(checkArchitecture({ model_type: 'qwen2' }, 'qwen2', 'mlc-chat-config.json')).to.equal('qwen2');
  });

  it('refuses an architecture it does not run, naming it', () => {
    expect(() => checkArchitecture({ model_type: 'gpt2' }, 'llama', 'x/config.json')).to.throw(
      /x\/config.json says model_type "gpt2", which is not supported/,
    );
  });

  it('refuses a build that disagrees with the manifest', () => {
    expect(() => checkArchitecture({ model_type: 'qwen2' }, 'llama', 'config.json')).to.throw(
      /"qwen2" but the twin manifest says "llama"/,
    );
  });

  it('refuses a config without model_type instead of guessing', () => {
    expect(() => checkArchitecture({}, 'llama', 'config.json')).to.throw(/no "model_type"/);
  });
});
