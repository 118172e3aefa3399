// Poll /api/jobs/<id> once a second: update the stage and the bar, open the result when done.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.status === "failed") { return; }
  var id = box.dataset.job;
  var stage = document.getElementById("job-stage");
  var bar = document.getElementById("job-bar");
  var count = document.getElementById("job-count");

  function cap(text) { return text ? text.charAt(0).toUpperCase() + text.slice(1) : ""; }

  function show(job) {
    if (job.status === "done") { window.location.replace("/results/" + id); return true; }
    if (job.status === "failed") {
      document.getElementById("job-failed-msg").textContent = job.error || "the analysis failed";
      document.getElementById("job-failed").classList.remove("hidden");
      stage.textContent = "Stopped.";
      bar.classList.remove("indeterminate");
      bar.style.width = "0%";
      return true;
    }
    stage.textContent = cap(job.stage) + "…";
    var p = job.progress || {};
    if (p.fraction === null || p.fraction === undefined) {
      bar.classList.add("indeterminate");
      bar.style.width = "100%";
      count.textContent = "";
    } else {
      bar.classList.remove("indeterminate");
      bar.style.width = Math.round(p.fraction * 100) + "%";
      count.textContent = p.done + " of " + p.total + " frames";
    }
    return false;
  }

  function tick() {
    fetch("/api/jobs/" + id, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) { if (!show(job)) { setTimeout(tick, 1000); } })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 500);
})();
