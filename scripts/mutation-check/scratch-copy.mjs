// A scratch copy of the working tree for `node scripts/mutation-check.mjs`: every file git tracks or would track
// (uncommitted changes included), copied, so mutating it never touches the tree other people work in; the big
// ignored folders (node_modules, .venv, build/ with its test fixtures) are symlinked, not copied.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LINKED = ['node_modules', '.venv', 'build'];

export function scratchCopy(root) {
  const scratch = mkdtempSync(join(tmpdir(), 'twin-chat-mutation-check-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    // Tracked but deleted in the working tree: not part of what is tested.
    if (existsSync(join(root, file))) cpSync(join(root, file), join(scratch, file), { recursive: true });
  }
  for (const folder of LINKED) {
    if (existsSync(join(root, folder))) symlinkSync(join(root, folder), join(scratch, folder));
  }
  return scratch;
}
