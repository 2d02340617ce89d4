/**
 * The package entry: importing it (or loading dist/twin-chat.js with a script tag) defines <twin-chat>.
 * Everything heavy (engines, retrieval, built-in cards) is imported lazily from inside the element.
 */
import { TwinChat } from './element/twin-chat.js';

const defined = customElements.get('twin-chat');
if (!defined) customElements.define('twin-chat', TwinChat);
else if (defined !== TwinChat) {
  // Silently, every chat would run the other definition, and registerRenderer on this copy's class would reach none.
  const other = (defined as Partial<typeof TwinChat>).script ?? 'another script, which is not twin-chat';
  console.error(
    `<twin-chat> was already defined by ${other}; this copy, ${TwinChat.script}, is not used. Load twin-chat once.`,
  );
}

export { TwinChat } from './element/twin-chat.js';
export type { TwinChatProperties } from './element/twin-chat.js';
export { DEFAULT_BANNER } from './element/labels.js';
export type { MessageRole } from './conversation/log-entry.js';
export type {
  ProgressPhase,
  TwinChatEventMap,
  TwinClearDetail,
  TwinEngineDetail,
  TwinErrorCode,
  TwinErrorDetail,
  TwinMessageDetail,
  TwinProgressDetail,
  TwinToolDetail,
} from './element/events.js';
export type { CardRenderer } from './element/cards/card-renderer.js';
export type { Grounding, GroundingSource } from './honesty/grounding.js';
export type { EngineSetting } from './engines/engine-setting.js';
export type { Engine, EngineDevice, EngineKind } from './engines/engine.js';
export type { LoadErrorCode } from './models/load-error.js';
export type { RegistryEntry, TwinManifest, ToolSpec, KnowledgeEntry } from './models/manifest.js';
export type { AppsData } from './models/apps-data.js';
export type { ToolCall } from './tools/tool-call.js';
