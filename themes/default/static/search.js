// Search page: Pagefind's UI over the index written next to the site, one part
// per year (pagefind/parts.json lists them, newest first). The newest part is
// Pagefind's primary index and the others are merged into it (mergeIndex), so
// one query searches every year, and filter counts add up across years.
// Paths are resolved against this page, so the site works under any sub-path.
(function () {
  "use strict";
  var container = document.getElementById("search");
  if (!container || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(document.documentElement.getAttribute("data-root") || "./", window.location.href);
  var bundle = new URL(container.getAttribute("data-bundle"), window.location.href);

  function start(parts) {
    if (!parts.length) {
      return; // no briefings yet: nothing to search
    }
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: new URL(parts[0] + "/", bundle).pathname,
      baseUrl: root.pathname,
      mergeIndex: parts.slice(1).map(function (part) {
        return { bundlePath: new URL(part + "/", bundle).pathname, baseUrl: root.pathname };
      }),
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
  }

  fetch(new URL("parts.json", bundle).href)
    .then(function (response) {
      if (!response.ok) {
        throw new Error("no search index (" + response.status + ")");
      }
      return response.json();
    })
    .then(function (manifest) {
      start(manifest.parts || []);
    })
    .catch(function (error) {
      var note = document.createElement("p");
      note.className = "search-unavailable";
      note.textContent = "Search is unavailable right now. Browse by region, actor or date instead.";
      container.appendChild(note);
      console.error(error);
    });
})();
