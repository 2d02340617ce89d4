import { expect } from '@open-wc/testing';
import { PREOPTIMIZED_KEY, sessionOptions } from '../../src/worker/session-options.js';

describe('ORT session options', () => {
  it('skips the graph optimizer only for a dtype the build lists as saved optimized', () => {
    const config = { model_type: 'llama', [PREOPTIMIZED_KEY]: ['q8'] };
    expect(sessionOptions(config, 'q8')).to.deep.equal({ graphOptimizationLevel: 'disabled' });
    expect(sessionOptions(config, 'fp32')).to.deep.equal({});
    expect(sessionOptions({ model_type: 'llama' }, 'q8')).to.deep.equal({});
    expect(sessionOptions({ [PREOPTIMIZED_KEY]: 'q8' }, 'q8')).to.deep.equal({});
    expect(sessionOptions(null, 'q8')).to.deep.equal({});
  });

  it('matches the key the exporter writes, as the committed micro twin shows', async () => {
    const config = await (await fetch('/models/ada-twin/config.json')).json();
    expect(sessionOptions(config, 'q8')).to.deep.equal({ graphOptimizationLevel: 'disabled' });
  });
});
