// 整改台账 list: row checkboxes feed the bulk-action form. No inline scripts (CSP script-src 'self').
(function () {
  "use strict";
  function selectedIds() {
    return Array.prototype.map.call(document.querySelectorAll("[data-tz-row]:checked"), function (el) { return el.value; });
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-tz-check-all]")) {
      document.querySelectorAll("[data-tz-row]").forEach(function (box) { box.checked = el.checked; });
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "tz-bulk") { return; }
    var ids = selectedIds();
    if (!ids.length) { event.preventDefault(); window.alert("请先勾选要修改的问题"); return; }
    document.getElementById("tz-bulk-ids").value = ids.join(",");
  });
})();
