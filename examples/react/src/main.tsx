// twin-chat in a React 19 app: the twin answers on the visitor's device, and the cards its replies open are this
// app's own components, rendered into the chat through their slots.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'twin-chat';
import type { TwinToolDetail } from 'twin-chat';
import type {} from 'twin-chat/react';

type Card = Pick<TwinToolDetail, 'app' | 'slot'>;

function AppCard({ card }: { card: Card }) {
  return (
    <aside slot={card.slot} className="app-card" data-app={card.app}>
      <strong>{card.app}</strong>, drawn by React.
    </aside>
  );
}

function App() {
  const [cards, setCards] = useState<Card[]>([]);
  const [clears, setClears] = useState(0);
  return (
    <main>
      <h1>twin-chat in React</h1>
      <twin-chat
        assetBase="/twin-chat/"
        ontwin-tool={(event) => {
          // Claims the card: React draws it on its next render, and the element draws none of its own.
          event.preventDefault();
          const { app, slot } = event.detail;
          setCards((shown) => [...shown, { app, slot }]);
        }}
        ontwin-clear={() => {
          // The cards leave with the log; the claimed ones are React's to remove.
          setCards([]);
          setClears((count) => count + 1);
        }}
      >
        {cards.map((card) => (
          <AppCard key={card.slot} card={card} />
        ))}
      </twin-chat>
      <p id="clears">Cleared {clears} times.</p>
    </main>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
