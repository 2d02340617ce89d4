import type { CardRenderer } from './cards/card-renderer.js';

/**
 * Renderers a page registered for every <twin-chat> with `TwinChat.registerRenderer(app, fn)`. A module of its
 * own so that registering one loads nothing else: the page may register before any chat is opened.
 */
export const pageRenderers = new Map<string, CardRenderer>();
