// The packed package's types, as a TypeScript project that installed it (and not Lit) sees them: strict, library
// files checked too. The element, its properties and its typed events must all be there: in plain TypeScript, in
// a React 19 TSX file (twin-chat/react) and in a Vue single-file component checked by vue-tsc (twin-chat/vue),
// each with no declarations of its own. React's types and Vue are linked in from this repository's devDependencies.
// Needs a build first:  npm run build && node --test test/package/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const TSC = resolve('node_modules/.bin/tsc');
const VUE_TSC = resolve('node_modules/.bin/vue-tsc');
const project = mkdtempSync(join(tmpdir(), 'twin-chat-consumer-'));
after(() => rmSync(project, { recursive: true, force: true }));
const STRICT = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler'];

const USE = `import { TwinChat, type TwinToolDetail } from 'twin-chat';
const chat = document.createElement('twin-chat');
chat.model = 'ada-twin';
chat.engine = 'wasm';
chat.addEventListener('twin-tool', (event) => {
  const detail: TwinToolDetail = event.detail;
  event.preventDefault();
  console.log(detail.app.toUpperCase(), detail.slot);
});
chat.addEventListener('twin-clear', (event) => console.log(event.detail.slots.length));
TwinChat.registerRenderer('books', () => null);
// @ts-expect-error the engine is one of the documented settings
chat.engine = 'gpu';
`;

const TSX = `import 'twin-chat';
import type {} from 'twin-chat/react';
export const chat = (
  <twin-chat
    model="ada-twin"
    engine="wasm"
    maxHistory={10}
    ontwin-tool={(event) => {
      event.preventDefault();
      return event.detail.app.toUpperCase();
    }}
    ontwin-clear={(event) => event.detail.slots.length}
  />
);
// @ts-expect-error the engine is one of the documented settings
export const wrong = <twin-chat engine="gpu" />;
`;

const VUE = `<script setup lang="ts">
import 'twin-chat';
import type {} from 'twin-chat/vue';
import type { TwinToolDetail } from 'twin-chat';
function onTool(event: CustomEvent<TwinToolDetail>) {
  event.preventDefault();
  return event.detail.app.toUpperCase();
}
</script>

<template>
  <twin-chat model="ada-twin" engine="wasm" :max-history="10" @twin-tool="onTool" @twin-clear="(event) => event.detail.slots.length" />
  <!-- @vue-expect-error the engine is one of the documented settings -->
  <twin-chat engine="gpu" />
</template>
`;

/** Runs a type checker in the project; its errors fail the test. */
function check(command, args) {
  try {
    execFileSync(command, args, { cwd: project, encoding: 'utf8' });
  } catch (error) {
    assert.fail(`${command} found errors:\n${error.stdout}`);
  }
}

before(() => {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', project], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const installed = join(project, 'node_modules/twin-chat');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(project, filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(project, 'use.ts'), USE);
  writeFileSync(join(project, 'chat.tsx'), TSX);
  writeFileSync(join(project, 'Chat.vue'), VUE);
});

test('a strict TypeScript project without Lit type-checks against the packed package', () => {
  check(TSC, [...STRICT, '--lib', 'es2022,dom', 'use.ts']);
});

test('a React 19 TSX file type-checks the element, its properties and its ontwin-* handlers', () => {
  mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
  symlinkSync(resolve('node_modules/@types/react'), join(project, 'node_modules/@types/react'));
  check(TSC, [...STRICT, '--lib', 'es2022,dom', '--jsx', 'react-jsx', 'chat.tsx']);
});

test('vue-tsc type-checks a Vue component using the element, its properties and its @twin-* handlers', () => {
  symlinkSync(resolve('node_modules/vue'), join(project, 'node_modules/vue'));
  const compilerOptions = { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler' };
  const tsconfig = {
    compilerOptions: { ...compilerOptions, lib: ['es2022', 'dom'], noEmit: true },
    include: ['Chat.vue'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  check(VUE_TSC, ['--noEmit', '-p', 'tsconfig.json']);
});
