// An enhancement only: reveals the print buttons (hidden without JavaScript, where the
// browser's own print command does the same, with the same print stylesheet).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
