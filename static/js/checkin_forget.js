// On the admin's logged-out page. Signing out removes, with the Clear-Site-Data header, all the
// check-in pages kept on this phone (kiss_visit/http/signing_out.py), except while taps are still
// to send: then the header leaves storage alone and this script deletes the kept pages (names,
// codes) and what the server last said of each session, and keeps the taps (no names), to be
// sent at the next sign-in.
(function () {
  "use strict";
  if (window.caches) {
    caches.keys().then(function (names) {
      names.forEach(function (name) {
        if (name.indexOf("kiss-checkin") === 0) { caches.delete(name); }
      });
    }).catch(function () {});
  }
  if (!window.localStorage) { return; }
  Object.keys(localStorage).forEach(function (key) {
    if (/^kiss-checkin-taps-.*-seen$/.test(key)) { localStorage.removeItem(key); }
  });
})();
