// <twin-chat> in React 19's JSX: `import type {} from 'twin-chat/react'` once, and the element takes its properties
// (camelCase, set as properties) and typed `ontwin-*` handlers (React 19 adds them with addEventListener under
// the name after `on`, as written).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { TwinChat, TwinChatEventMap, TwinChatProperties } from 'twin-chat';

type TwinChatHandlers = { [K in keyof TwinChatEventMap as `on${K}`]?: (event: TwinChatEventMap[K]) => void };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'twin-chat': DetailedHTMLProps<HTMLAttributes<TwinChat>, TwinChat> & TwinChatProperties & TwinChatHandlers;
    }
  }
}
