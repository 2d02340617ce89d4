// Folds the declarations tsc writes to build/types/ into one file, dist/twin-chat.d.ts, with Lit's own types
// inlined: the package has no dependencies to install (Lit is bundled in the script), so a project that uses the
// element's types without having Lit still gets the whole element (HTMLElement's members included), even with
// strict checks on library files. Run by `npm run build` after `tsc -p tsconfig.types.json`.
import { dts } from 'rollup-plugin-dts';

export default {
  input: 'build/types/index.d.ts',
  output: { file: 'dist/twin-chat.d.ts', format: 'es' },
  plugins: [dts({ respectExternal: true })],
};
