// taizhang page behaviour. No inline scripts: the CSP allows only files served by taizhang itself.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  // Tree toggles: the first click loads the children with htmx, later clicks fold and unfold them.
  document.addEventListener("click", function (event) {
    var btn = event.target.closest && event.target.closest(".tz-toggle[data-loaded]");
    if (!btn) { return; }
    var list = btn.parentElement.querySelector(":scope > ul");
    if (list) { list.hidden = !list.hidden; btn.textContent = list.hidden ? "▸" : "▾"; }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var btn = event.detail.elt;
    if (btn.classList && btn.classList.contains("tz-toggle") && event.detail.successful) {
      btn.setAttribute("data-loaded", "1"); btn.textContent = "▾";
    }
  });
  // Phone cards: each cell of a list table (.table-tz) gets its column's heading as data-label, the title column
  // (th[data-card-title], otherwise the column with the longest linked text) and the tick column are marked, so
  // the CSS of ≤ 575 px shows every row as a card without markup of its own in each list.
  function cardify() {
    document.querySelectorAll("table.table-tz:not(.tz-cards-ready)").forEach(function (table) {
      var heads = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0] ? table.tHead.rows[0].cells : []) : [];
      var labels = heads.map(function (th) { return th.textContent.trim(); });
      var title = heads.findIndex(function (th) { return th.hasAttribute("data-card-title"); });
      var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
      if (title < 0) {
        var best = 0;
        labels.forEach(function (_l, i) {
          var len = 0;
          rows.slice(0, 10).forEach(function (row) {
            var cell = row.cells[i];
            if (cell && cell.colSpan === 1 && cell.querySelector("a")) { len += cell.textContent.trim().length; }
          });
          if (len > best) { best = len; title = i; }
        });
      }
      rows.forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (cell.colSpan > 1) { return; }
          if (i === title) { cell.classList.add("tz-card-title"); return; }
          if (cell.querySelector("input[type=checkbox]") && !cell.textContent.trim()) { cell.classList.add("tz-card-tick"); return; }
          if (labels[i] && cell.textContent.trim()) { cell.setAttribute("data-label", labels[i]); }
        });
      });
      table.classList.add("tz-cards-ready");
    });
  }
  cardify();
  document.body.addEventListener("htmx:afterSettle", cardify);
  // A 打印 link of a filtered list prints what the list shows now (htmx filtering changes the address, not the link).
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("a[data-print-link]");
    if (el && window.location.search) { el.href = el.href.split("?")[0] + window.location.search; }
  }, true);
  // 打印 buttons: print the page (no inline script under the CSP).
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) { event.preventDefault(); window.print(); }
  });
})();
