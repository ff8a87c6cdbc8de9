// The filter panel is folded on a phone, where results come first; open it where there is
// room for it beside the results. Without JavaScript it stays folded and opens on a tap.
(function () {
  var panel = document.getElementById("filters");
  if (!panel || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  function fit() { panel.open = wide.matches || panel.dataset.opened === "1"; }
  panel.addEventListener("toggle", function () {
    if (!wide.matches) panel.dataset.opened = panel.open ? "1" : "";
  });
  panel.dataset.fitted = "1";
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();
