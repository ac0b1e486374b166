// Report drafts: 插入指标 puts the chosen figure's token (【指标名称】) into the paragraph at the cursor.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-insert-into]") || !select.value) { return; }
    var area = document.getElementById(select.getAttribute("data-insert-into"));
    if (area) {
      var start = area.selectionStart || 0, end = area.selectionEnd || 0;
      area.value = area.value.slice(0, start) + select.value + area.value.slice(end);
      area.focus();
      area.selectionStart = area.selectionEnd = start + select.value.length;
    }
    select.value = "";
  });
})();
