// A running job's page: follows the JSON status and moves the bar; once the job is
// finished, reloads the page for the outcome. Without scripts the page reloads
// itself (meta refresh) until the job is finished.
(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section || !window.fetch) { return; }
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var count = document.getElementById("job-count");
  function poll() {
    fetch(section.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        percent.textContent = job.percent + "%";
        count.textContent = job.done + " / " + job.total;
        if (job.status === "done" || job.status === "failed") { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(function () { window.location.reload(); }, 2000); });
  }
  window.setTimeout(poll, 500);
})();
