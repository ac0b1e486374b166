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
})();
