import { expect } from '@open-wc/testing';
import { finishReply } from '../../src/conversation/finish-reply.js';
import { fixtureApps, fixtureManifest } from './fixtures/twin-fixture.js';

const finish = (raw: string, question: string) => finishReply(raw, question, fixtureManifest, fixtureApps);

describe('finishReply', () => {
  it("lets the model's valid call win over the router", () => {
    const reply = finish('Here is my shelf.\nTOOL {"app":"books","params":{}}', 'Show me your rust projects');
    expect(reply).to.deep.equal({ text: 'Here is my shelf.', call: { app: 'books', params: {}, source: 'model' } });
  });

  it('falls back to the router when the reply has no TOOL line', () => {
    const reply = finish('Rust, mostly.', 'Show me your rust projects');
    expect(reply).to.deep.equal({
      text: 'Rust, mostly.',
      call: { app: 'projects', params: { tag: 'rust' }, source: 'router' },
    });
  });

  it("falls back to the router when the model's call is dropped", () => {
    const reply = finish('Sure.\nTOOL {"app":"projects","params":{"category":"secret"}}', 'What are you reading?');
    expect(reply).to.deep.equal({ text: 'Sure.', call: { app: 'books', params: {}, source: 'router' } });
  });

  it('opens nothing for a plain question without a TOOL line', () => {
    expect(finish('In Porto.', 'Where do you live?')).to.deep.equal({ text: 'In Porto.', call: null });
  });

  it("shows the scripted answer's text, without its TOOL line, when the reply is only a TOOL line", () => {
    const reply = finish('TOOL {"app":"books","params":{}}', 'What are you reading?');
    expect(reply).to.deep.equal({
      text: 'The Quiet Network by Hana Okafor.',
      call: { app: 'books', params: {}, source: 'model' },
    });
  });

  it('shows the scripted text for a lone TOOL line that was dropped, too', () => {
    const reply = finish('\nTOOL {"app":"nope"}\n', 'Where do you live?');
    expect(reply).to.deep.equal({ text: 'I live in Porto, near the river.', call: null });
  });

  it("is honest when the lone TOOL line's question has no scripted answer", () => {
    const reply = finish('TOOL {"app":"books","params":{}}', 'What is your star sign?');
    expect(reply.text).to.match(/^I don't know that one/);
  });

  // Counterexamples found by test/fuzz: only the last line is parsed, but no TOOL line may ever be shown.
  it('hides a TOOL line that is not the last line', () => {
    const reply = finish('Sure.\nTOOL {"app":"books","params":{}}\nAnything else?', 'Where do you live?');
    expect(reply).to.deep.equal({ text: 'Sure.\nAnything else?', call: null });
  });

  it('shows the scripted text for a reply made of several TOOL lines', () => {
    const reply = finish('TOOL {"app":"books","params":{}}\nTOOL x', 'Where do you live?');
    expect(reply).to.deep.equal({ text: 'I live in Porto, near the river.', call: null });
  });

  it('never shows a TOOL line', () => {
    for (const raw of ['A.\nTOOL {"app":"books"}', 'A.\nTOOL {bad', 'TOOL {"app":"books"}']) {
      expect(finish(raw, 'hello').text).to.not.contain('TOOL');
    }
  });
});

describe('finishReply, broken TOOL text', () => {
  it("cuts a TOOL line's headless tail and a call begun mid-line from a model's reply", () => {
    expect(finish('Bye!":"contact","params":{}}', 'Bye')).to.deep.include({ text: 'Bye!' });
    expect(finish('See you on my":{}}', 'Bye').text).to.equal('See you on my');
    expect(finish('Sure! TOOL {"app":"books","params":{}}', 'Books?').text).to.equal('Sure!');
    expect(finish('Here.\n"app":"books"}}', 'Books?').text).to.equal('Here.');
  });

  it('keeps braces that are not JSON: CSS, templates, a closing brace inside a sentence', () => {
    for (const prose of [
      'Style it with li {color: red} in your CSS.',
      'Use {{name}} in the template.',
      'A set {a, b} of two.',
    ])
      expect(finish(prose, 'How?').text).to.equal(prose);
  });

  it("shows the scripted engine's answers as written", () => {
    const note = 'My favourite key is "app": it opens things.';
    expect(finishReply(note, 'Key?', fixtureManifest, fixtureApps, false).text).to.equal(note);
    expect(finish(note, 'Key?').text).to.equal('My favourite key is');
  });
});
