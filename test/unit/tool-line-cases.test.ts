import { expect } from '@open-wc/testing';
import type { ToolSpec } from '../../src/models/manifest.js';
import { parseReply } from '../../src/tools/tool-line.js';

interface ToolLineCase {
  reply: string;
  text: string;
  toolLine: string | null;
  call: { app: string; params: Record<string, string> } | null;
}

// The fine-tune validator passes the same file (test/finetune/test_tool_line_cases.py): one grammar, two languages.
describe('the shared TOOL-line cases', () => {
  it('parses every case as the fine-tune validator does', async () => {
    const file = (await (await fetch('/test/fixtures/tool-line-cases.json')).json()) as {
      tools: ToolSpec[];
      cases: ToolLineCase[];
    };
    expect(file.cases.length).to.be.greaterThan(20);
    for (const c of file.cases) {
      const parsed = parseReply(c.reply, file.tools);
      const seen = {
        text: parsed.text,
        isToolLine: parsed.call !== null || parsed.dropped !== null,
        call: parsed.call && { app: parsed.call.app, params: parsed.call.params },
      };
      expect(seen, JSON.stringify(c.reply)).to.deep.equal({
        text: c.text,
        isToolLine: c.toolLine !== null,
        call: c.call,
      });
    }
  });
});
