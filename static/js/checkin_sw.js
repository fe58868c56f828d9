// The check-in pages' service worker (registered by checkin_offline.js, served at
// .../checkin/worker.js so that it looks after the pages under .../checkin/). Network first:
// what comes from the server is kept, and given back when there is no network, so that a
// check-in page opened once opens again without network, with its styles and scripts.
//
// The pages hold participants' names and check-in codes, so what is kept does not outlive the
// organiser's session or the day:
// - with network, the server's answer is always the one shown; a redirect (to the sign-in page:
//   the session ended) or a refusal deletes everything kept;
// - signing out of the admin deletes it too (kiss_visit/http/signing_out.py);
// - a page is given back without network for KEPT_HOURS after it was last loaded with network.
//   16 hours: loaded in the morning, it still opens at the end of the evening's sessions; a
//   phone forgotten overnight no longer opens it. What is older is deleted when the worker
//   next runs (any check-in page opened, with network or without).
"use strict";
var CACHE = "kiss-checkin-v2";
var KEPT_HOURS = 16;
var KEPT_AT = "X-Kiss-Kept-At"; // ms since 1970, added to what is kept

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(forgetOld().then(function () { return self.clients.claim(); }));
});

function fresh(response) {
  return Date.now() - Number(response.headers.get(KEPT_AT)) < KEPT_HOURS * 3600 * 1000;
}

// Earlier versions' caches (whose pages carry no time), and pages past their hours.
function forgetOld() {
  return caches.keys().then(function (names) {
    return Promise.all(names.map(function (name) {
      if (name.indexOf("kiss-checkin") !== 0) { return null; }
      if (name !== CACHE) { return caches.delete(name); }
      return caches.open(CACHE).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            return cache.match(request).then(function (kept) {
              return kept && fresh(kept) ? null : cache.delete(request);
            });
          }));
        });
      });
    }));
  });
}

function forgetAll() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("kiss-checkin") === 0; })
      .map(function (name) { return caches.delete(name); }));
  });
}

function keep(request, response) {
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(KEPT_AT, String(Date.now()));
    var copy = new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
    return caches.open(CACHE).then(function (cache) { return cache.put(request, copy); })
      .then(forgetOld);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (/\/counts\/$/.test(url.pathname)) { return; } // a count kept would be wrong by then
  event.respondWith(
    fetch(request)
      .then(function (response) {
        // A page's redirect is seen as "opaqueredirect"; a script's fetch follows it.
        var signedOut = response.type === "opaqueredirect" || response.redirected ||
          response.status === 401 || response.status === 403;
        if (signedOut) {
          event.waitUntil(forgetAll());
        } else if (response.ok && response.type === "basic") {
          event.waitUntil(keep(request, response.clone()));
        }
        return response;
      })
      .catch(function () {
        return caches.match(request, { ignoreVary: true }).then(function (kept) {
          if (kept && fresh(kept)) { return kept; }
          event.waitUntil(forgetOld());
          return Response.error();
        });
      })
  );
});
