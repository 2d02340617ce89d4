import { expect } from '@open-wc/testing';
import { parseReply, stripToolLines, visibleWhileStreaming } from '../../src/tools/tool-line.js';
import { fixtureManifest } from './fixtures/twin-fixture.js';

const tools = fixtureManifest.tools;
const parse = (raw: string) => parseReply(raw, tools);

describe('parseReply', () => {
  it('parses a valid final TOOL line and strips it from the text', () => {
    const reply = parse('Here they are.\nTOOL {"app":"projects","params":{"tag":"rust","category":"oss"}}');
    expect(reply).to.deep.equal({
      text: 'Here they are.',
      call: { app: 'projects', params: { tag: 'rust', category: 'oss' }, source: 'model' },
      dropped: null,
    });
  });

  it('accepts a call without params, surrounding whitespace and CRLF line ends', () => {
    const reply = parse('Shelf:\r\n  TOOL   {"app":"books"}  \r\n');
    expect(reply.call).to.deep.equal({ app: 'books', params: {}, source: 'model' });
    expect(reply.text).to.equal('Shelf:');
  });

  it('leaves a reply without a TOOL line alone, trimming trailing whitespace only', () => {
    expect(parse('  Hello there.\n\n')).to.deep.equal({ text: '  Hello there.', call: null, dropped: null });
  });

  it('counts only a final line: a TOOL line in the middle stays text', () => {
    const raw = 'First.\nTOOL {"app":"books","params":{}}\nLast words.';
    expect(parse(raw)).to.deep.equal({ text: raw, call: null, dropped: null });
  });

  it('reads prose that merely starts with TOOL as text', () => {
    expect(parse('Hi.\nTOOLS are fun').text).to.equal('Hi.\nTOOLS are fun');
    expect(parse('Hi.\nTOOLkit').call).to.equal(null);
  });

  const dropped: [string, string, RegExp][] = [
    ['malformed JSON', 'TOOL {"app":"books",', /malformed/],
    ['trailing words after the JSON', 'TOOL {"app":"books"} thanks', /malformed/],
    ['a missing JSON body', 'TOOL', /malformed/],
    ['a JSON array', 'TOOL ["books"]', /object/],
    ['a JSON string', 'TOOL "books"', /object/],
    ['JSON null', 'TOOL null', /object/],
    ['an unknown app', 'TOOL {"app":"recipes","params":{}}', /unknown app/],
    ['a missing app', 'TOOL {"params":{}}', /app/],
    ['a non-string app', 'TOOL {"app":7,"params":{}}', /app/],
    ['an extra top-level field', 'TOOL {"app":"books","params":{},"html":"<b>"}', /unexpected field/],
    ['an unknown param', 'TOOL {"app":"projects","params":{"colour":"red"}}', /unknown param "colour"/],
    ['a param on an app that takes none', 'TOOL {"app":"books","params":{"tag":"rust"}}', /unknown param "tag"/],
    ['a disallowed enum value', 'TOOL {"app":"projects","params":{"category":"secret"}}', /must be one of/],
    ['a number param', 'TOOL {"app":"projects","params":{"tag":7}}', /must be a string/],
    ['an object param', 'TOOL {"app":"projects","params":{"tag":{"x":1}}}', /must be a string/],
    ['an array param', 'TOOL {"app":"projects","params":{"tag":["rust"]}}', /must be a string/],
    ['a null param', 'TOOL {"app":"projects","params":{"tag":null}}', /must be a string/],
    ['params that are not an object', 'TOOL {"app":"books","params":"all"}', /params/],
    ['an inherited name as param', 'TOOL {"app":"books","params":{"constructor":"x"}}', /unknown param/],
    ['a __proto__ param', 'TOOL {"app":"projects","params":{"__proto__":{"tag":"x"}}}', /unknown param/],
  ];
  for (const [what, line, why] of dropped) {
    it(`drops the call and strips the line for ${what}`, () => {
      const reply = parse(`Sure.\n${line}`);
      expect(reply.call).to.equal(null);
      expect(reply.text).to.equal('Sure.');
      expect(reply.dropped).to.match(why);
    });
  }

  it('keeps hostile param values as plain strings, untouched', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const reply = parse(`Look.\nTOOL ${JSON.stringify({ app: 'projects', params: { tag: hostile } })}`);
    expect(reply.call?.params.tag).to.equal(hostile);
    expect(Object.getPrototypeOf(reply.call?.params)).to.equal(Object.prototype);
  });

  it('never throws on random junk', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'TOOL {}[]":,\\\n app params tag category oss books \u0000\u2028<>';
    for (let i = 0; i < 500; i++) {
      let raw = random() < 0.5 ? 'TOOL ' : '';
      for (let n = Math.floor(random() * 60); n > 0; n--) raw += alphabet[Math.floor(random() * alphabet.length)];
      expect(() => parse(raw)).not.to.throw();
      expect(() => visibleWhileStreaming(raw)).not.to.throw();
    }
  });
});

describe('visibleWhileStreaming', () => {
  it('shows ordinary text as it streams', () => {
    expect(visibleWhileStreaming('Hello, I live in Por')).to.equal('Hello, I live in Por');
  });

  for (const tail of ['T', 'TO', 'TOO', 'TOOL', 'TOOL ', 'TOOL {"ap', 'TOOL {"app":"books","params":{}}']) {
    it(`hides a trailing line that is or may become a TOOL line: ${JSON.stringify(tail)}`, () => {
      expect(visibleWhileStreaming(`Here you go.\n${tail}`)).to.equal('Here you go.');
    });
  }

  it('hides a would-be TOOL line at the very start', () => {
    expect(visibleWhileStreaming('TOO')).to.equal('');
  });

  it('shows the line again once it cannot be a TOOL line', () => {
    expect(visibleWhileStreaming('Hi.\nThe')).to.equal('Hi.\nThe');
    expect(visibleWhileStreaming('Hi.\nTOOLS')).to.equal('Hi.\nTOOLS');
  });

  // Found by test/fuzz: a model that goes on after its TOOL line used to show that line while streaming.
  it('hides a TOOL line in the middle too, as finishReply does', () => {
    expect(visibleWhileStreaming('A.\nTOOL {"app":"books"}\nB')).to.equal('A.\nB');
    expect(visibleWhileStreaming('A.\n\nTOOL x\n\nB')).to.equal('A.\n\n\nB');
  });
});

describe('stripToolLines', () => {
  it('removes every TOOL line and trailing whitespace, keeping prose', () => {
    expect(stripToolLines('One.\nTOOL {"app":"books"}\nTwo.\nTOOL {"app":"now"}\n')).to.equal('One.\nTwo.');
    expect(stripToolLines('TOOLS stay.')).to.equal('TOOLS stay.');
  });
});
