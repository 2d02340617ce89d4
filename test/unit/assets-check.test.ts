import { expect } from '@open-wc/testing';
import { checkAssets } from '../../src/worker/assets-check.js';
import { LoadError } from '../../src/models/load-error.js';
import { ORT_ASSETS } from '../engines/model-helpers.js';

/** The error a check ends with, or undefined when the folder passed. */
async function failure(base: string): Promise<LoadError | undefined> {
  try {
    await checkAssets(new URL(base, location.href));
    return undefined;
  } catch (error) {
    expect(error).to.be.instanceOf(LoadError);
    return error as LoadError;
  }
}

describe('checkAssets', () => {
  it("passes a folder with twin-chat's marker", async () => {
    expect(await failure(ORT_ASSETS)).to.equal(undefined);
  });

  it('names the folder, what was wrong and asset-base when the marker is missing', async () => {
    const error = await failure('/test/fixtures/');
    expect(error?.code).to.equal('assets-unreachable');
    expect(error?.message).to.contain(new URL('/test/fixtures/', location.href).href);
    expect(error?.message).to.contain('HTTP 404');
    expect(error?.message).to.contain('asset-base');
  });

  it("refuses a folder whose marker is someone else's JSON", async () => {
    const error = await failure('/test/fixtures/foreign-assets/');
    expect(error?.message).to.contain('is not twin-chat');
  });

  it('refuses a file: URL (webpack puts one in import.meta.url) without fetching it', async () => {
    const error = await failure('file:///app/node_modules/twin-chat/dist/assets/');
    expect(error?.message).to.contain('a file: URL');
    expect(error?.message).to.contain('asset-base');
  });
});
