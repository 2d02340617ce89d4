/**
 * Used when the element has no `registry` attribute. The build puts the bundle and models/ side by side in dist/,
 * so resolving against this module's URL finds the registry wherever the site serves the script from. In a module
 * of its own, which the element (element/twin-chat.ts) imports so that the build keeps it in the script itself:
 * the panel and the registry code load later, from chunks/, where this URL would point elsewhere.
 */
export const DEFAULT_REGISTRY_URL = new URL('./models/registry.json', import.meta.url);
