// Cross-origin isolation for hosts that cannot send headers (GitHub Pages, many static hosts), so <twin-chat>'s
// WASM engine can run on several threads. Copy this file to your site's root and register it from your pages
// (README, "Faster on cross-origin-isolated pages"). It re-serves this site's own responses with the two headers
// a server would send:
//   Cross-Origin-Opener-Policy: same-origin      the page gets its own browsing context group (popups it opens
//                                                or that open it lose their window references)
//   Cross-Origin-Embedder-Policy: credentialless cross-origin images, scripts and iframes load without cookies;
//                                                iframes from sites that do not opt in stop loading
// Responses from other origins pass through untouched. Nothing is cached or stored; every request goes to the
// network exactly as before.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then((response) => {
      // Opaque and error responses cannot be rewritten (and need not be).
      if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
