// The quantization fixture the browser parity tests read (test/support/quantization_fixture.py says why it
// exists): built once into build/ (git-ignored) with the project's venv. Delete the folder to rebuild it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, 'build/quantization-fixture');
const PYTHON = resolve(ROOT, '.venv/bin/python');

/** Builds the fixture unless it is there; without a venv, says so (the parity tests then fail). */
export function quantizationFixture() {
  if (existsSync(resolve(FIXTURE, 'reference.json'))) return;
  if (!existsSync(PYTHON)) {
    console.warn(
      'No .venv: the quantization fixture for the parity tests cannot be built (run scripts/install-test-deps.sh).',
    );
    return;
  }
  execFileSync(PYTHON, ['test/support/quantization_fixture.py', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, HF_HUB_OFFLINE: '1' },
    // Its error, if any, is in the exception; its progress bars are not wanted.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
