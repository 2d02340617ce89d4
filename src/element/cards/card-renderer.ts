import type { AppsData } from '../../models/apps-data.js';
import type { ToolCall } from '../../tools/tool-call.js';

/**
 * Turns one accepted tool call into a light-DOM card, or null when there is nothing to show. The element sets the
 * card's `slot` and appends it to itself, so the card lives in the page's DOM and the page's CSS applies to it.
 * Pages register their own with `TwinChat.registerRenderer(app, renderer)`.
 */
export type CardRenderer = (call: ToolCall, apps: AppsData | undefined) => HTMLElement | null;
