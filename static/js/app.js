/* Small, dependency-free behaviours shared by the portal's pages. */
(function () {
  "use strict";

  // Forms with data-confirm ask before an irreversible step.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Job pages poll their status until the job finishes, then offer the download.
  var job = document.getElementById("job");
  if (job) {
    var url = job.getAttribute("data-status-url");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          document.getElementById("job-status").textContent = data.status_label;
          document.getElementById("job-bar").style.width = data.progress + "%";
          document.getElementById("job-percent").textContent = data.progress + "%";
          job.querySelector(".progress").setAttribute("aria-valuenow", data.progress);
          if (data.error) {
            var error = document.getElementById("job-error");
            error.textContent = data.error;
            error.hidden = false;
          }
          if (data.download_url) {
            var link = document.getElementById("job-download-link");
            link.href = data.download_url;
            link.textContent = "下载 " + data.result_name;
            document.getElementById("job-download").hidden = false;
          }
          if (!data.finished) {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    poll();
  }
})();
