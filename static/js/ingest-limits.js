// The admin ingestion's upload page: say at once when the files chosen (with the texts ticked)
// are more than a batch takes, and keep such a batch from being sent. The server checks too.
(function () {
  "use strict";
  const limits = document.getElementById("ingest-limits");
  const note = document.getElementById("ingest-over-limit");
  if (!limits || !note) return;
  const form = note.parentElement.querySelector("form");
  const maxFiles = Number(limits.dataset.maxFiles);
  const maxBytes = Number(limits.dataset.maxBytes);

  function problem() {
    const files = Array.from(form.querySelector('input[type="file"]').files || []);
    const ticked = form.querySelectorAll('input[name="sources"]:checked').length;
    const count = files.length + ticked;
    const bytes = files.reduce((sum, file) => sum + file.size, 0);
    if (count > maxFiles) {
      return `${count} texts chosen: a batch takes at most ${maxFiles}. Send them in smaller batches.`;
    }
    if (bytes > maxBytes) {
      return `${bytes.toLocaleString()} bytes chosen: a batch takes at most ${maxBytes.toLocaleString()}. Send them in smaller batches.`;
    }
    return "";
  }

  function show() {
    const message = problem();
    note.textContent = message;
    note.hidden = !message;
    return !message;
  }

  form.addEventListener("change", show);
  form.addEventListener("submit", (event) => {
    if (!show()) event.preventDefault();
  });
})();
