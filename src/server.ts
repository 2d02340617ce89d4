/**
 * The package on a server (Node, server rendering: the `node` condition of package.json's exports). There is no
 * DOM there to define <twin-chat> in, so importing the package defines nothing, loads nothing and throws nothing;
 * the browser's import of the package (index.ts) defines the element.
 */
export { DEFAULT_BANNER } from './element/labels.js';

/** Stands in for the element's class, so that page code that registers card renderers as it loads runs anywhere. */
export class TwinChat {
  static registerRenderer(): void {}
}
