// Check-in page, better with JavaScript (it works without): the list narrows as a name is
// typed, and the counts follow what other organisers' phones record.
(function () {
  "use strict";
  var page = document.querySelector(".checkin[data-counts]");
  if (!page) { return; }

  // The same folding as the server's search (search.py): no accents, any case.
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var box = page.querySelector("input[name=q]");
  var rows = page.querySelectorAll(".checkin__person[data-search]");
  if (box) {
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search");
        row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
      });
    });
  }

  var present = page.querySelector(".checkin__present");
  var expected = page.querySelector(".checkin__expected");
  function refresh() {
    fetch(page.getAttribute("data-counts"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (counts) {
          present.textContent = counts.present;
          expected.textContent = counts.expected;
        }
      })
      .catch(function () {});
  }
  setInterval(function () { if (!document.hidden) { refresh(); } }, 15000);
})();
