/* Check-in dashboard: polls the counts endpoint and updates the tables in place. */
(function () {
  "use strict";

  var root = document.getElementById("dashboard");
  if (!root) { return; }
  var url = root.dataset.statsUrl;
  var knownConflicts = parseInt(root.dataset.conflicts, 10) || 0;
  var PERIOD = 5000;

  function set(id, value) {
    var node = document.getElementById(id);
    if (node) { node.textContent = value; }
  }
  function updateRows(tbodyId, rows, fields) {
    var body = document.getElementById(tbodyId);
    rows.forEach(function (row) {
      var tr = body.querySelector("tr[data-key='" + row.slug + "']");
      if (!tr) { return; }
      fields.forEach(function (field) {
        var cell = tr.querySelector("[data-field='" + field + "']");
        if (cell) { cell.textContent = row[field]; }
      });
    });
  }
  function updateHours(hours) {
    var body = document.getElementById("hours");
    var top = Math.max.apply(null, hours.map(function (row) { return row.entries; }).concat([1]));
    body.textContent = "";
    hours.forEach(function (row) {
      var tr = document.createElement("tr");
      var hour = document.createElement("td");
      hour.textContent = row.label;
      var count = document.createElement("td");
      count.textContent = row.entries;
      var chart = document.createElement("td");
      var bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = Math.round(100 * row.entries / top) + "%";
      chart.appendChild(bar);
      tr.appendChild(hour);
      tr.appendChild(count);
      tr.appendChild(chart);
      body.appendChild(tr);
    });
  }
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        set("people", data.people_checked_in);
        set("approved", data.approved);
        set("conflict-count", data.conflicts);
        updateRows("zones", data.zones, ["entered", "inside", "refused"]);
        updateRows("categories", data.categories, ["checked_in", "approved"]);
        if (data.hours.length) { updateHours(data.hours); }
        document.getElementById("conflict-note").hidden = data.conflicts <= knownConflicts;
        set("updated", new Date(data.generated_at).toLocaleTimeString());
      })
      .catch(function () { /* try again at the next tick */ });
  }
  refresh();
  setInterval(refresh, PERIOD);
})();
