// The form builder's list: drag a row to move a question. The up and down buttons work
// without this script; with it, a dropped row is saved at once (the order is posted to
// the reorder address, with the page's CSRF token) and the buttons follow the new order.
(function () {
  "use strict";
  var form = document.getElementById("questions-order");
  var body = document.getElementById("questions-rows");
  var status = document.getElementById("questions-order-status");
  if (!form || !body || !window.fetch || !window.FormData) { return; }
  var dragged = null;
  var before = "";

  function order() { return rows().map(function (row) { return row.dataset.questionId; }).join(","); }

  function rows() { return Array.prototype.slice.call(body.querySelectorAll("tr[data-question-id]")); }

  function refreshButtons() {
    var all = rows();
    all.forEach(function (row, index) {
      var up = row.querySelector('button[value="up"]');
      var down = row.querySelector('button[value="down"]');
      if (up) { up.disabled = index === 0; }
      if (down) { down.disabled = index === all.length - 1; }
    });
  }

  function save() {
    form.elements.order.value = order();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      status.textContent = status.dataset.saved;
      refreshButtons();
    }).catch(function () {
      status.textContent = status.dataset.failed;
    });
  }

  rows().forEach(function (row) {
    row.draggable = true;
    row.classList.add("draggable");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      before = order();
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.questionId);
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("dragging");
      dragged = null;
      // Saved once the row is let go, wherever the pointer ends up.
      if (order() !== before) { save(); }
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      if (dragged === row) { return; }
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) { event.preventDefault(); });
  });
})();
