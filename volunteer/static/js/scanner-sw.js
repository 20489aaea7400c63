// The scanner's service worker, served as /activities/scanner-sw.js so its scope covers every
// activity's scanner page. It keeps the scanner page and the files it needs, so the page opens
// without a network, and sends the device's queue of scans with Background Sync where the
// browser has it (Chromium). It answers nothing else: other pages go to the network as before.
self.importScripts(new URL("../static/js/scanner-queue.js", self.location).href);

const CACHE = "scanner-v1";
const SCANNER_PAGE = /\/activities\/\d+\/scanner$/;
const SYNC_TAG = "scanner-queue";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

const isKept = (url) =>
  url.origin === self.location.origin &&
  (SCANNER_PAGE.test(url.pathname) ||
    url.pathname.includes("/static/") ||
    url.pathname.endsWith(".webmanifest") ||
    url.pathname.includes("/scanner/icon-"));

// The network first, so a page online is always fresh; the kept copy when it cannot answer.
const networkFirst = async (request) => {
  const cache = await self.caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
};

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method === "GET" && isKept(url)) {
    event.respondWith(networkFirst(event.request));
  }
});

// The page names what it needs offline (itself, its scripts, styles and the decoder).
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  const urls = event.data.urls.filter((url) => isKept(new URL(url, self.location.href)));
  event.waitUntil(
    (async () => {
      const cache = await self.caches.open(CACHE);
      await Promise.all(
        urls.map(async (url) => {
          try {
            const response = await fetch(url, { credentials: "same-origin" });
            if (response.ok && !response.redirected) await cache.put(url, response);
          } catch {
            // Offline now: the page asks again when it next opens online.
          }
        }),
      );
    })(),
  );
});

const tellPages = async (message) => {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage(message);
  }
};

self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    self.scannerQueue.send().then((answers) => tellPages({ type: "sent", answers })),
  );
});
