// The custom-elements.json users' tools read (editors, Storybook, linters). It describes what the package ships:
// one module, dist/twin-chat.js, which defines <twin-chat> and exports its class. Internal modules are bundled
// away, and their source paths do not exist in the package, so they are left out.
const SHIPPED = 'dist/twin-chat.js';
const ENTRY = 'src/index.ts';
const ELEMENT = 'src/element/twin-chat.ts';

/** Folds the entry and the element's module into one module at the shipped path. */
function describeShippedModule() {
  return {
    name: 'describe-shipped-module',
    packageLinkPhase({ customElementsManifest }) {
      const byPath = new Map(customElementsManifest.modules.map((module) => [module.path, module]));
      const entry = byPath.get(ENTRY);
      const element = byPath.get(ELEMENT);
      // The analyzer spells the same module differently per export ("./element/…", "/src/element/…"), so match
      // declarations by name; the entry's type-only exports are described by dist/twin-chat.d.ts instead.
      const declared = new Set(element.declarations.map((declaration) => declaration.name));
      const exportsFromElement = (entry.exports ?? [])
        .filter((exported) => declared.has(exported.declaration?.name))
        .map((exported) => ({ ...exported, declaration: { ...exported.declaration, module: SHIPPED } }));
      customElementsManifest.modules = [
        { kind: 'javascript-module', path: SHIPPED, declarations: element.declarations, exports: exportsFromElement },
      ];
    },
  };
}

export default {
  globs: [ENTRY, ELEMENT],
  litelement: true,
  outdir: '.',
  plugins: [describeShippedModule()],
};
