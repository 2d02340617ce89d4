// Runs the tests that claim one feature, in the scratch copy: browser tests through web-test-runner (only the
// named files, in their group's browser), Python tests through pytest with the scratch copy's package first on
// the import path. Resolves with whether they passed and everything they printed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

function run(command, args, { cwd, env }) {
  return new Promise((resolve) => {
    const child = spawn('nice', ['-n', '10', command, ...args], { cwd, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ passed: code === 0, output }));
  });
}

/** `claims` is { browser: { files, group? } } or { pytest: [args] }. */
export function runClaims(scratch, claims) {
  if (claims.pytest) {
    return run(join(scratch, '.venv/bin/python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...claims.pytest], {
      cwd: scratch,
      env: { PYTHONPATH: join(scratch, 'finetune'), HF_HUB_OFFLINE: '1' },
    });
  }
  const { files, group = '' } = claims.browser;
  return run(
    join(scratch, 'node_modules/.bin/web-test-runner'),
    ['--config', 'scripts/mutation-check/web-test-runner.config.mjs'],
    {
      cwd: scratch,
      env: { MUTATION_CHECK_FILES: files.join(','), MUTATION_CHECK_GROUP: group },
    },
  );
}
