// Keeps the sync page's numbers current without reloading: polls the page's Status handler with the last ETag,
// so an unchanged sync costs a 304. A change of state (e.g. Running -> Up to date) reloads, so the buttons follow.
// The throughput chart is laid out by the server (ThroughputChart): this only copies its points, labels and rows.
(function () {
  "use strict";
  var section = document.querySelector("[data-sync-status-url]");
  if (!section) {
    return;
  }

  var url = section.getAttribute("data-sync-status-url");
  var state = section.getAttribute("data-sync-state");
  var etag = null;
  var progress = document.getElementById("sync-progress");
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var chart = document.querySelector("[data-throughput]");

  function set(field, value) {
    var element = section.querySelector('[data-sync-field="' + field + '"]');
    if (element) {
      element.textContent = value;
    }
  }

  function applyThroughput(throughput) {
    if (!chart || !throughput || throughput.range !== chart.getAttribute("data-throughput")) {
      return;
    }

    ["title", "summary", "yMax", "yMid", "xStart", "xEnd"].forEach(function (field) {
      chart.querySelectorAll('[data-throughput-field="' + field + '"]').forEach(function (element) {
        element.textContent = throughput[field];
      });
    });
    chart.querySelectorAll("[data-throughput-line]").forEach(function (line) {
      var points = throughput[line.getAttribute("data-throughput-line") + "Points"];
      if (typeof points === "string") {
        line.setAttribute("points", points);
      }
    });
    var rows = chart.querySelector("[data-throughput-rows]");
    if (rows) {
      while (rows.firstChild) {
        rows.removeChild(rows.firstChild);
      }
      throughput.rows.forEach(function (row) {
        var tr = document.createElement("tr");
        [row.at, row.read, row.written].forEach(function (value) {
          var td = document.createElement("td");
          td.textContent = value;
          tr.appendChild(td);
        });
        rows.appendChild(tr);
      });
    }
  }

  function apply(snapshot) {
    if (snapshot.state !== state) {
      window.location.reload();
      return;
    }

    set("status", snapshot.status);
    set("done", numberFormat.format(snapshot.done));
    set("total", numberFormat.format(snapshot.total));
    set("percent", snapshot.percent);
    set("rate", snapshot.rate);
    set("eta", snapshot.eta);
    set("quota", snapshot.quota);
    set("people", numberFormat.format(snapshot.people));
    set("rejected", numberFormat.format(snapshot.rejected));
    applyThroughput(snapshot.throughput);
    if (progress) {
      var max = Math.max(1, snapshot.total);
      progress.max = max;
      progress.value = Math.min(snapshot.done, max);
      progress.textContent = snapshot.percent + " %";
    }
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }

    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-cache" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(apply);
        }
        return null;
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 3000);
})();
