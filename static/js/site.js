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
    var tile = event.target.closest ? event.target.closest(".tile") : null;
    var title = tile ? tile.querySelector("title") : null;
    if (title) {
      detail.textContent = title.textContent;
    }
  }
  var map = document.querySelector(".tile-map");
  map.addEventListener("mouseover", show);
  map.addEventListener("focusin", show);
  map.addEventListener("mouseleave", function () {
    detail.textContent = initial;
  });
});

// Filter forms send only the fields a reader filled in, so addresses stay short and
// shareable (the server reads a full form just as well).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("filters")) {
    return;
  }
  Array.prototype.forEach.call(form.elements, function (field) {
    if (field.name && (field.value === "" || (field.name === "sort" && field.value === "newest"))) {
      field.disabled = true;
    }
  });
});

// Coming back to a page from the browser history must not leave fields disabled.
window.addEventListener("pageshow", function () {
  Array.prototype.forEach.call(document.querySelectorAll("form.filters [disabled]"), function (field) {
    field.disabled = false;
  });
});

// On a phone the filter panel starts closed, so results come first; it stays open
// when a filter has an error, and everywhere on wider screens.
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.querySelector(".filter-panel");
  if (!panel || !window.matchMedia("(max-width: 56rem)").matches) {
    return;
  }
  if (!panel.querySelector(".has-error")) {
    panel.open = false;
  }
});
