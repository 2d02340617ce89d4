// <twin-chat> in Vue templates: `import type {} from 'twin-chat/vue'` once, and vue-tsc checks its properties
// (kebab-case or camelCase) and its `@twin-*` event handlers. At run time Vue must treat it as a custom element
// (`compilerOptions.isCustomElement`, see the README).
import type { DefineComponent } from 'vue';
import type { TwinChatEventMap, TwinChatProperties } from 'twin-chat';

/** What the element does not have: setup bindings, data, computed, methods, mixins, extends. */
type None = Record<never, never>;
type TwinChatEmits = { [K in keyof TwinChatEventMap]: (event: TwinChatEventMap[K]) => void };

declare module 'vue' {
  interface GlobalComponents {
    'twin-chat': DefineComponent<TwinChatProperties, None, None, None, None, None, None, TwinChatEmits>;
  }
}
