import { expect, waitUntil } from '@open-wc/testing';
import type { SuiteContext } from '../../engines/model-helpers.js';
import { input } from '../../element/helpers.js';
import { micIdle, mouseDown, mouseUp, noticeCodes, speechChat } from '../helpers.js';

describe('mic: no microphone (permission granted, no capture device)', function (this: SuiteContext) {
  this.timeout(30000);

  it('says no microphone was found, and keeps the typed text', async () => {
    const el = await speechChat();
    input(el).value = 'typed before';
    await mouseDown(el);
    await waitUntil(() => noticeCodes(el).includes('mic-missing'), 'no missing-device notice', { timeout: 20000 });
    await mouseUp();
    await micIdle(el);
    expect(input(el).value).to.equal('typed before');
  });
});
