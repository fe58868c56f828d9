// Check-in page, better with JavaScript (it works without): the list narrows as a name is
// typed, and the counts follow what other organisers' phones record.
(function () {
  "use strict";
  var page = document.querySelector(".checkin[data-counts]");
  if (!page) { return; }

  // The server's folding (search.py): its table holds every character this simple folding
  // would get wrong (final ς, ß...), so the words typed match the rows' folded keys.
  var tableNode = document.getElementById("fold-table");
  var table = tableNode ? JSON.parse(tableNode.textContent) : {};
  function fold(text) {
    return Array.from(text).map(function (char) {
      if (Object.prototype.hasOwnProperty.call(table, char)) { return table[char]; }
      return char.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase();
    }).join("").normalize("NFC");
  }

  var box = page.querySelector("input[name=q]");
  var rows = page.querySelectorAll(".checkin__person[data-search]");
  var noMatch = page.querySelector(".checkin__no-match");
  if (box) {
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search");
        row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
        shown += row.hidden ? 0 : 1;
      });
      if (noMatch) { noMatch.hidden = shown > 0 || rows.length === 0; }
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
