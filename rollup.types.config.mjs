// Folds the declarations tsc writes to build/types/ into one file, dist/twin-chat.d.ts, with Lit's own types
// inlined: the package has no dependencies to install (Lit is bundled in the script), so a project that uses the
// element's types without having Lit still gets the whole element (HTMLElement's members included), even with
// strict checks on library files. Beside it go the React and Vue typings (types/), which stay importing `react`,
// `vue` and the package itself, as the project that uses them has those. Run by `npm run build` after
// `tsc -p tsconfig.types.json`.
import { dts } from 'rollup-plugin-dts';

const frameworkTypes = (name) => ({
  input: `types/${name}.d.ts`,
  output: { file: `dist/${name}.d.ts`, format: 'es' },
  external: ['react', 'vue', 'twin-chat'],
  plugins: [dts()],
});

export default [
  {
    input: 'build/types/index.d.ts',
    output: { file: 'dist/twin-chat.d.ts', format: 'es' },
    plugins: [dts({ respectExternal: true })],
  },
  { input: 'build/types/vite.d.ts', output: { file: 'dist/vite.d.ts', format: 'es' }, plugins: [dts()] },
  frameworkTypes('react'),
  frameworkTypes('vue'),
];
