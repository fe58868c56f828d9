// Check-in without network (it works without JavaScript too, with the network): Present and
// Undo change the list at once and are kept on this phone (localStorage, one list per session),
// then sent to the server, now or when the network is back; each tap has its own id, so a tap
// sent twice counts once. The server answers with everyone's state, so two phones agree once
// both have sent their taps. Codes are scanned with the camera and recognised against the list,
// without network. A service worker keeps the page so that it opens again without network.
(function () {
  "use strict";
  var page = document.querySelector(".checkin[data-taps]");
  if (!page || !window.fetch || !window.localStorage) { return; }

  var KEY = "kiss-checkin-taps-" + page.getAttribute("data-session");
  var EVERY = 10000; // ms between two attempts to send, or to hear what others recorded
  var pending = page.querySelector(".checkin__pending");
  var pendingCount = page.querySelector(".checkin__pending-count");
  var presentCount = page.querySelector(".checkin__present");
  var csrf = page.querySelector(".checkin__people input[name=csrfmiddlewaretoken]");
  var signIn = page.querySelector(".checkin__pending-sign-in");
  var sending = false;

  function kept() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (error) { return []; }
  }
  function keep(taps) {
    localStorage.setItem(KEY, JSON.stringify(taps));
    pending.hidden = taps.length === 0;
    pendingCount.textContent = taps.length;
    tellUnsent();
  }

  // How many taps, of every session, are still to send, in a cookie the server reads when the
  // organiser signs out: then it keeps them (kiss_visit/http/signing_out.py).
  function tellUnsent() {
    var unsent = 0;
    Object.keys(localStorage).forEach(function (key) {
      if (/^kiss-checkin-taps-\d+$/.test(key)) {
        try { unsent += (JSON.parse(localStorage.getItem(key)) || []).length; } catch (error) { return; }
      }
    });
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "kiss_checkin_unsent=" + unsent + "; path=/; SameSite=Lax" + secure +
      (unsent ? "; max-age=2592000" : "; max-age=0");
  }

  // Signed out (the session ended): the pages kept on this phone go, with what the server last
  // said; the taps stay, for the next sign-in.
  function forgetPages() {
    localStorage.removeItem(KEY + "-seen");
    if (window.caches) {
      caches.keys().then(function (names) {
        names.forEach(function (name) {
          if (name.indexOf("kiss-checkin") === 0) { caches.delete(name); }
        });
      }).catch(function () {});
    }
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.from(bytes, function (b) { return (b + 0x100).toString(16).slice(1); });
    return [0, 4, 6, 8, 10].map(function (start, i, starts) {
      return hex.slice(start, starts[i + 1] || 16).join("");
    }).join("-");
  }

  function rowOf(registration) { return document.getElementById("r" + registration); }
  function nameOf(row) { return row.querySelector(".checkin__name").firstChild.textContent.trim(); }
  function isPresent(row) { return row.classList.contains("checkin__person--present"); }

  // The row as the server would draw it: "Present" and Undo, or the Present button.
  function show(row, present) {
    if (isPresent(row) === present) { return; }
    var form = row.querySelector("form");
    var hidden = form.querySelector("button .visually-hidden");
    var button = form.querySelector("button");
    var state = form.querySelector(".checkin__state");
    if (state) { state.remove(); }
    var label = document.createElement("button");
    label.type = "submit";
    label.name = "present";
    label.value = present ? "0" : "1";
    label.className = present ? "checkin__undo" : "checkin__mark";
    label.textContent = page.getAttribute(present ? "data-label-undo" : "data-label-present");
    if (hidden) { label.appendChild(hidden); }
    button.replaceWith(label);
    if (present) {
      state = document.createElement("span");
      state.className = "checkin__state";
      state.textContent = page.getAttribute("data-label-present");
      label.before(state);
    }
    row.classList.toggle("checkin__person--present", present);
    if (presentCount) {
      presentCount.textContent = Number(presentCount.textContent) + (present ? 1 : -1);
    }
  }

  function tap(row, present) {
    var registration = row.id.slice(1);
    show(row, present);
    var taps = kept();
    taps.push({ id: newId(), registration: Number(registration), present: present, at: Date.now() });
    keep(taps);
    send();
  }

  window.addEventListener("online", function () {
    document.querySelectorAll(".checkin__needs-network").forEach(function (note) { note.remove(); });
  });
  page.addEventListener("submit", function (event) {
    var form = event.target;
    var row = form.closest(".checkin__person");
    if (row) {
      event.preventDefault();
      var button = event.submitter || form.querySelector("button");
      tap(row, button.value === "1");
      row.querySelector("button").focus();
    } else if (form.matches(".checkin__search")) {
      event.preventDefault(); // the list is already narrowed as typed (checkin.js)
    } else if (!navigator.onLine && form.closest(".checkin__walk-in")) {
      event.preventDefault(); // a walk-in is signed up by the server: the page would be lost
      var note = form.querySelector(".checkin__needs-network");
      if (!note) {
        note = document.createElement("p");
        note.className = "errornote checkin__needs-network";
        note.setAttribute("role", "alert");
        note.textContent = page.getAttribute("data-needs-network");
        form.prepend(note);
      }
    }
  });

  // What the server says of everyone, except those whose taps are still to send.
  function follow(answer) {
    var waiting = {};
    kept().forEach(function (t) { waiting[t.registration] = true; });
    Object.keys(answer.present).forEach(function (registration) {
      var row = rowOf(registration);
      if (row && !waiting[registration]) { show(row, answer.present[registration]); }
    });
    if (presentCount && Object.keys(waiting).length === 0) {
      presentCount.textContent = answer.counts.present;
    }
  }

  // The cookie's token is the current one; the page's may be older (a page the service worker
  // kept, from before signing in again).
  function csrfToken() {
    var cookie = document.cookie.split("; ").find(function (c) { return c.indexOf("csrftoken=") === 0; });
    return cookie ? cookie.slice("csrftoken=".length) : csrf.value;
  }

  function send() {
    if (sending || !csrf) { return; }
    tellUnsent(); // again: cookies cleared meanwhile (signed out) take the count with them
    var taps = kept().slice(0, 500);
    sending = true;
    fetch(page.getAttribute("data-taps"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ taps: taps })
    })
      .then(function (response) {
        // Signed out meanwhile (sent to the sign-in page, or refused): the taps stay kept.
        var signedOut = response.redirected || response.status === 403;
        signIn.hidden = !signedOut;
        if (signedOut) { forgetPages(); }
        return response.ok && !response.redirected ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer) { return false; }
        keep(kept().filter(function (t) { return !Object.prototype.hasOwnProperty.call(answer.done, t.id); }));
        follow(answer);
        localStorage.setItem(KEY + "-seen", JSON.stringify({ at: answer.at, present: answer.present, counts: answer.counts }));
        return kept().length > 0; // taps made while these were on their way
      })
      .catch(function () { return false; }) // no network: the taps stay kept, for the next try
      .then(function (more) {
        sending = false;
        if (more) { send(); }
      });
  }

  // Opened again without network, the page is the one the service worker kept: what the server
  // said since (both times by the server's clock), then the taps still to send, bring it up to
  // date.
  var seen = null;
  try { seen = JSON.parse(localStorage.getItem(KEY + "-seen")); } catch (error) { seen = null; }
  if (seen && seen.at > Number(page.getAttribute("data-drawn")) / 1000) { follow(seen); }
  keep(kept());
  kept().forEach(function (t) {
    var row = rowOf(t.registration);
    if (row) { show(row, t.present); }
  });
  window.addEventListener("online", send);
  setInterval(function () { if (!document.hidden) { send(); } }, EVERY);
  send();

  if (navigator.serviceWorker && page.getAttribute("data-worker")) {
    navigator.serviceWorker.register(page.getAttribute("data-worker")).catch(function () {});
  }

  // Scanning: the camera's picture, read by jsQR (static/vendor/jsqr) a few times a second.
  var scan = page.querySelector(".checkin__scan");
  if (!scan || !window.jsQR || !navigator.mediaDevices) { return; }
  var video = scan.querySelector(".checkin__camera");
  var said = scan.querySelector(".checkin__scanned");
  var start = scan.querySelector(".checkin__scan-start");
  var stop = scan.querySelector(".checkin__scan-stop");
  var canvas = document.createElement("canvas");
  var stream = null;
  var last = { text: "", at: 0 };
  scan.hidden = false;

  function say(key, name) {
    said.textContent = scan.getAttribute(key).replace("{name}", name || "");
  }

  // A check-in code holds the address of a person's check-in page, ending in their code.
  function read(text) {
    var found = /\/checkin\/person\/([^/?#]+)\/?(?:[?#].*)?$/.exec(text);
    if (!found) { say("data-not-code"); return; }
    var code = decodeURIComponent(found[1]);
    var row = Array.from(page.querySelectorAll(".checkin__person[data-code]")).find(function (r) {
      return r.getAttribute("data-code") === code;
    });
    if (!row) { say("data-unexpected"); return; }
    row.hidden = false;
    row.scrollIntoView({ block: "center" });
    if (isPresent(row)) { say("data-already", nameOf(row)); return; }
    tap(row, true);
    say("data-found", nameOf(row));
  }

  function readPicture(source, width, height) {
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, width, height);
    var picture = context.getImageData(0, 0, width, height);
    var code = window.jsQR(picture.data, width, height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  }

  function look() {
    if (!stream) { return; }
    if (video.readyState >= 2 && video.videoWidth) {
      var text = readPicture(video, video.videoWidth, video.videoHeight);
      var now = Date.now();
      if (text && (text !== last.text || now - last.at > 3000)) { read(text); } // once a held code
      if (text) { last = { text: text, at: now }; }
    }
    setTimeout(look, 250);
  }

  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = stop.hidden = true;
    start.hidden = false;
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (camera) {
        stream = camera;
        video.srcObject = camera;
        video.hidden = stop.hidden = false;
        start.hidden = true;
        return video.play();
      })
      .then(look)
      .catch(function () { stopCamera(); say("data-no-camera"); });
  });
  stop.addEventListener("click", stopCamera);

  // For a picture that is not the camera's (an image of a code): the same reading.
  scan.readPicture = function (image) {
    var text = readPicture(image, image.width, image.height);
    if (text) { read(text); }
    return text;
  };
})();
