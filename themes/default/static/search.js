// The web edition's search: Pagefind's JS API behind the page of search-ui.js.
// The index is written in parts, one per year (pagefind/parts.json lists them,
// newest first): the newest is Pagefind's primary index and the others are
// merged into it (mergeIndex), so one query searches every year and filter
// counts add up across years. Paths are resolved against this page, so the
// site works under any sub-path.
//
// Every result is read (data()) before it is counted: its text must answer
// every word of the query (BriefingsSearchUI.answers). A part that lacks a
// word answers with the longest prefix it has (upstream issues #599, #793),
// and those results are dropped here. The merged search orders by score only,
// so the date orders are made here too, from each result's date.
(function () {
  "use strict";
  var container = document.getElementById("search");
  var ui = window.BriefingsSearchUI;
  if (!container || !container.hasAttribute("data-bundle") || !ui) {
    return;
  }
  var root = new URL(document.documentElement.getAttribute("data-root") || "./", window.location.href);
  var bundle = new URL(container.getAttribute("data-bundle"), window.location.href);
  var pagefind = null;
  // Pagefind keeps filter values HTML-escaped (render.search_filter_value): the page
  // and the address show the names, Pagefind is asked with what it stored
  var stored = {};

  function decoded(value) {
    return new DOMParser().parseFromString(value, "text/html").documentElement.textContent;
  }

  function load() {
    if (pagefind) {
      return pagefind;
    }
    pagefind = fetch(new URL("parts.json", bundle).href)
      .then(function (response) {
        if (!response.ok) {
          throw new Error("no search index (" + response.status + ")");
        }
        return response.json();
      })
      .then(function (manifest) {
        var parts = manifest.parts || [];
        if (!parts.length) {
          return null; // no briefings yet: nothing to search
        }
        var path = function (part) { return new URL(part + "/", bundle).pathname; };
        return import(new URL(path(parts[0]) + "pagefind.js", bundle).href).then(function (api) {
          return api.options({ basePath: path(parts[0]), baseUrl: root.pathname }).then(function () {
            return parts.slice(1).reduce(function (done, part) {
              return done.then(function () { return api.mergeIndex(path(part), { baseUrl: root.pathname }); });
            }, Promise.resolve());
          }).then(function () { return api; });
        });
      });
    return pagefind;
  }

  function filters() {
    return load().then(function (api) {
      if (!api) {
        return {};
      }
      return api.filters().then(function (all) {
        var values = {};
        Object.keys(all).forEach(function (name) {
          stored[name] = {};
          values[name] = Object.keys(all[name]).map(function (value) {
            var shown = decoded(value);
            stored[name][shown] = value;
            return [shown, all[name][value]];
          }).sort(name === "year"
            ? function (a, b) { return Number(b[0]) - Number(a[0]); }
            : function (a, b) { return a[0].toLowerCase() < b[0].toLowerCase() ? -1 : a[0].toLowerCase() > b[0].toLowerCase() ? 1 : 0; });
        });
        return values;
      });
    });
  }

  function toDoc(data) {
    var region = (data.filters && data.filters.region && data.filters.region[0]) || "";
    var href = new URL(data.url, window.location.href);
    var title = data.meta.title || "";
    return {
      href: href.href,
      path: href.pathname,
      title: title,
      titleKey: title.toLowerCase(),
      date: data.meta.date || "",
      region: decoded(region),
      text: data.content || "",
    };
  }

  function search(terms, query, chosen, order) {
    return load().then(function (api) {
      if (!api) {
        return { items: [], load: function () { return Promise.resolve([]); } };
      }
      var asked = {};
      Object.keys(chosen).forEach(function (name) {
        asked[name] = { any: chosen[name].map(function (value) { return (stored[name] || {})[value] || value; }) };
      });
      return api.search(terms.length ? query : null, { filters: asked }).then(function (answer) {
        return Promise.all(answer.results.map(function (result) { return result.data(); }));
      }).then(function (all) {
        var docs = all.map(toDoc).filter(function (doc) {
          return ui.answers(doc.title + " " + doc.text, terms);
        });
        if (order === "newest") {
          docs.sort(ui.newestFirst);
        } else if (order === "oldest") {
          docs.sort(ui.newestFirst).reverse();
        }
        return { items: docs, load: function (batch) { return Promise.resolve(batch); } };
      });
    });
  }

  ui.start(container, { filters: filters, search: search });
})();
