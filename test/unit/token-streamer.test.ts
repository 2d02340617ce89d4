import { expect } from '@open-wc/testing';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { TokenStreamer } from '../../src/worker/token-streamer.js';

/** The micro twin's real byte-level BPE tokenizer, fed token by token the way generate() feeds a streamer. */
async function stream(
  text: string,
): Promise<{ pieces: string[]; afterFirstToken: string[]; streamer: TokenStreamer; whole: string }> {
  const [json, config] = await Promise.all(
    ['tokenizer.json', 'tokenizer_config.json'].map(async (file) => (await fetch(`/models/ada-twin/${file}`)).json()),
  );
  const Tokenizer = PreTrainedTokenizer as unknown as new (json: unknown, config: unknown) => PreTrainedTokenizer;
  const tokenizer = new Tokenizer(json, config);
  const ids = tokenizer.encode(text, { add_special_tokens: false }).map(BigInt);
  const pieces: string[] = [];
  const streamer = new TokenStreamer(tokenizer, (piece) => pieces.push(piece));
  streamer.put([[1n, 2n, 3n]]);
  let afterFirstToken: string[] = [];
  for (const id of ids) {
    streamer.put([[id]]);
    if (afterFirstToken.length === 0) afterFirstToken = [...pieces];
  }
  streamer.end();
  return {
    pieces,
    afterFirstToken,
    streamer,
    whole: ids.length ? tokenizer.decode(ids, { skip_special_tokens: true }) : '',
  };
}

describe('TokenStreamer', () => {
  it('shows the first word as soon as its token is out, not when the next word starts', async () => {
    const { afterFirstToken } = await stream('Hello there, I build maps.');
    expect(afterFirstToken.join('')).to.match(/^\S+$/);
  });

  it('ends an empty reply (one that stops at once) as empty text, showing nothing', async () => {
    const { pieces, streamer } = await stream('');
    expect(streamer.text).to.equal('');
    expect(pieces).to.deep.equal([]);
  });

  it('streams pieces that add up to the whole reply, never half a character or a trailing space', async () => {
    const { pieces, streamer, whole } = await stream('I brew café au lait ☕ and read 📚 at night . Ok ?');
    expect(pieces.join('')).to.equal(whole);
    expect(streamer.text).to.equal(whole);
    expect(pieces.slice(0, -1).some((piece) => piece.includes('\uFFFD') || /\s$/.test(piece))).to.equal(false);
  });
});
