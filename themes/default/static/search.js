// Search page: Pagefind's UI over the bundle written next to the site.
// Paths are resolved against this page, so the site works under any sub-path.
(function () {
  "use strict";
  var container = document.getElementById("search");
  if (!container || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(document.documentElement.getAttribute("data-root") || "./", window.location.href);
  var bundle = new URL(container.getAttribute("data-bundle"), window.location.href);
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle.pathname,
    baseUrl: root.pathname,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
  });
  // Pagefind's input is labelled only by its title attribute; screen readers want a label
  var input = container.querySelector("input.pagefind-ui__search-input");
  if (input && !input.hasAttribute("aria-label")) {
    input.setAttribute("aria-label", "Search briefings");
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
