// Progressive enhancement only: every page works without this file.
// The tile map writes the state under the pointer or keyboard focus into its caption,
// because an SVG <title> tooltip never shows for keyboard users.
document.addEventListener("DOMContentLoaded", function () {
  var detail = document.getElementById("map-detail");
  if (!detail) {
    return;
  }
  var initial = detail.textContent;
  function show(event) {
    var tile = event.target.closest ? event.target.closest("[data-detail]") : null;
    if (tile) {
      detail.textContent = tile.getAttribute("data-detail");
    }
  }
  var map = document.querySelector(".tile-map");
  map.addEventListener("mouseover", show);
  map.addEventListener("focusin", show);
  map.addEventListener("mouseleave", function () {
    detail.textContent = initial;
  });
});
