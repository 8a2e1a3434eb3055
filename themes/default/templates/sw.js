// Service worker of the web edition: keeps the pages a reader opened, the
// shell (CSS, scripts, search code) and, on request, the whole archive, so
// reading goes on when the network drops. Written by the build; the version
// is a digest of the site, so a new build replaces every cached file.
"use strict";

const VERSION = {{ version | tojson }};
const SHELL = {{ shell | tojson }};
const SAVE_LIST = {{ save_list | tojson }};
const INDEX_LIST = "pagefind/files.json"; // search.FILE_LIST
const SCOPE = self.registration.scope;
// Several sites share an origin on GitHub Pages (org.github.io/a/, /b/):
// caches are named by scope, and only this site's old caches are deleted.
const PREFIX = "briefings " + SCOPE + " ";
const CACHE = PREFIX + VERSION;
const NETWORK_WAIT_MS = 4000; // on a slow link, show the saved copy rather than wait

function address(path) {
  return new URL(path, SCOPE).href;
}

// One key per page however it was asked for: folder/, folder/index.html, ?q=...
function keyOf(url) {
  const key = new URL(url);
  key.hash = "";
  key.search = "";
  if (key.pathname.endsWith("/index.html")) {
    key.pathname = key.pathname.slice(0, -"index.html".length);
  }
  return key.href;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map(address)))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function timeout(ms) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("network too slow")), ms));
}

async function fromNetworkThenCache(request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request.url);
  try {
    const response = await Promise.race([fetch(request), timeout(NETWORK_WAIT_MS)]);
    if (response.ok) {
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const saved = await cache.match(key);
    if (saved) {
      return saved;
    }
    const notFound = await cache.match(address("404.html"));
    return notFound || Response.error();
  }
}

async function fromCacheThenNetwork(request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request.url);
  const saved = await cache.match(key);
  if (saved) {
    return saved;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(key, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) {
    return;
  }
  // a live stream (the preview server's reload events) is never a file to keep
  if ((request.headers.get("accept") || "").includes("text/event-stream")) {
    return;
  }
  const page = request.mode === "navigate" || (request.headers.get("accept") || "").includes("text/html");
  // The list of index parts, and Pagefind's entry file of each part, which names
  // that part's index files (named anew by every build): ask the network first, so
  // a cached copy never points at parts or names of an older build.
  const searchEntry = /\/pagefind\/(parts\.json|[^/]+\/pagefind-entry\.json)$/.test(new URL(request.url).pathname);
  event.respondWith(page || searchEntry ? fromNetworkThenCache(request) : fromCacheThenNetwork(request));
});

async function savePage(url) {
  const cache = await caches.open(CACHE);
  if (await cache.match(keyOf(url))) {
    return;
  }
  const response = await fetch(url);
  if (response.ok) {
    await cache.put(keyOf(url), response);
  }
}

// "Save the whole archive": every file on the save list, four at a time,
// reporting progress to the page that asked.
async function saveAll(port) {
  const list = await (await fetch(address(SAVE_LIST), { cache: "no-store" })).json();
  // the search index lists its own files (they depend on the builds since the last clean one)
  try {
    list.push(...await (await fetch(address(INDEX_LIST), { cache: "no-store" })).json());
  } catch (error) {
    // a site built without search
  }
  const cache = await caches.open(CACHE);
  const queue = list.slice();
  const total = list.length;
  let done = 0;
  let failed = 0;
  async function worker() {
    while (queue.length) {
      const url = address(queue.shift());
      try {
        if (!(await cache.match(keyOf(url)))) {
          const response = await fetch(url);
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          await cache.put(keyOf(url), response);
        }
      } catch (error) {
        failed += 1;
      }
      done += 1;
      port.postMessage({ type: "progress", done, total, failed });
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  port.postMessage({ type: "done", done, total, failed });
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "save-page" && typeof message.url === "string" && message.url.startsWith(SCOPE)) {
    event.waitUntil(savePage(message.url));
  } else if (message.type === "save-all" && event.ports[0]) {
    event.waitUntil(saveAll(event.ports[0]));
  }
});
