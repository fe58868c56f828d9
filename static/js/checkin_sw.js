// The check-in pages' service worker (registered by checkin_offline.js, served at
// .../checkin/worker.js so that it looks after the pages under .../checkin/). Network first:
// what comes from the server is kept, and given back when there is no network, so that a
// check-in page opened once opens again without network, with its styles and scripts.
"use strict";
var CACHE = "kiss-checkin-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (/\/counts\/$/.test(url.pathname)) { return; } // a count kept would be wrong by then
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (response.ok && !response.redirected && response.type === "basic") {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      })
      .catch(function () {
        return caches.match(request, { ignoreVary: true }).then(function (kept) {
          return kept || Response.error();
        });
      })
  );
});
