// Follows the files the background worker is building (organisation PDFs, exports) and
// offers each one once it is ready.
(function () {
  "use strict";
  const INTERVAL = 1500;

  function follow(item) {
    const progress = item.querySelector("progress");
    const label = item.querySelector(".build-label");
    const download = item.querySelector(".build-download");
    function poll() {
      fetch(item.dataset.progressUrl, { headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((status) => {
          label.textContent = status.label;
          if (progress) {
            progress.value = status.percent;
            progress.textContent = status.percent + "%";
          }
          if (status.state === "ready" || status.state === "failed") {
            if (progress) progress.remove();
            if (status.download) {
              download.href = status.download;
              download.classList.remove("d-none");
            }
            return;
          }
          setTimeout(poll, INTERVAL);
        })
        .catch(() => setTimeout(poll, INTERVAL * 4));
    }
    setTimeout(poll, INTERVAL);
  }

  document.querySelectorAll("[data-progress-url]").forEach(follow);
})();
