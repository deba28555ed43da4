// Small, framework-free behaviour: filters apply as soon as they change, and a plan upload shows progress.
(function () {
  "use strict";
  var search = document.getElementById("search");
  if (search) {
    search.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") { search.submit(); }
    });
    var filters = search.querySelector("details.filters");
    if (filters && window.matchMedia("(max-width: 760px)").matches && !search.querySelector(".filters input:checked")) {
      filters.removeAttribute("open");
    }
  }
  var suggest = document.getElementById("suggest");
  if (suggest) {
    suggest.addEventListener("submit", function () {
      var working = document.getElementById("working");
      if (working) { working.hidden = false; }
      var button = suggest.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
    });
  }
})();
