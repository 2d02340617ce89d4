import { expect, waitUntil } from '@open-wc/testing';
import type { SuiteContext } from '../../engines/model-helpers.js';
import { input } from '../../element/helpers.js';
import { micIdle, micState, mouseDown, mouseUp, noticeCodes, speechChat } from '../helpers.js';

describe('mic: permission denied (Chromium denies the permission prompt)', function (this: SuiteContext) {
  this.timeout(30000);

  it('says the microphone is blocked, and keeps the typed text', async () => {
    const el = await speechChat();
    input(el).value = 'typed before';
    await mouseDown(el);
    await waitUntil(() => noticeCodes(el).includes('mic-denied'), 'no permission notice', { timeout: 20000 });
    await mouseUp();
    await micIdle(el);
    expect(input(el).value).to.equal('typed before');
    expect(micState(el)).to.equal('idle');
  });
});
