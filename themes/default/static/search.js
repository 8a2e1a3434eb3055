// The web edition's search: Pagefind's JS API behind the page of search-ui.js.
// The index is written in parts, one per year (pagefind/parts.json lists them,
// newest first): the newest is Pagefind's primary index and the others are
// merged into it (mergeIndex), so one query searches every year and filter
// counts add up across years. Paths are resolved against this page, so the
// site works under any sub-path.
//
// A result is read (data(), one fragment file) only when its page of results is
// shown, and its text must answer every word of the query
// (BriefingsSearchUI.answers): a part that lacks a word answers with the longest
// prefix it has (upstream issues #599, #793), and those results are dropped as
// they are read. Pagefind's result carries no matched word before data(), only
// positions, so there is no cheaper test. The number found is known once the
// last page is read. The merged search orders by score only, so a date order is
// asked of Pagefind a year at a time (see search()).
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
  // years whose briefings are split over several parts ("2024-a", "2024-m")
  var sharedYears = {};

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
        parts.forEach(function (part) {
          if (part.indexOf("-") > 0) {
            sharedYears[part.split("-")[0]] = true;
          }
        });
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

  // Results are read (data(), one fragment each) a page at a time, in the order
  // they are shown, so a search costs what the reader sees, not what it matched.
  // `ordered` gives the candidates of one run of results, best first; `tidy`
  // orders a batch of read results (a date order: a day's briefings by title).
  // A batch that ends inside a day is extended to the day's end, so that the
  // order within a day never depends on where a page ends.
  function reader(terms, ordered, tidy, byDay) {
    var read = [];
    var at = 0;
    function doc(i) {
      if (!read[i]) {
        read[i] = ordered[i].data().then(toDoc);
      }
      return read[i];
    }
    function through(last) {
      // with a date order, a batch ends where a day does
      if (!byDay || last + 1 >= ordered.length) {
        return Promise.resolve(last);
      }
      return Promise.all([doc(last), doc(last + 1)]).then(function (two) {
        return two[0].date === two[1].date ? through(last + 1) : last;
      });
    }
    return {
      done: function () { return at >= ordered.length; },
      // the next `count` candidates (or more, to a day's end), read, with the junk dropped
      take: function (count) {
        var from = at;
        var last = Math.min(ordered.length, from + count) - 1;
        return through(last).then(function (end) {
          at = end + 1;
          var wanted = [];
          for (var i = from; i <= end; i += 1) {
            wanted.push(doc(i));
          }
          return Promise.all(wanted);
        }).then(function (docs) {
          return tidy(docs.filter(function (d) { return ui.answers(d.title + " " + d.text, terms); }));
        });
      },
    };
  }

  // A source of results in runs: each run (a year, in a date order; everything, by
  // relevance) is a promise of a reader. next(n) reads runs until n results are found.
  function paged(runs) {
    var current = null;
    var waiting = [];
    var total = 0;
    function exhausted() {
      return !runs.length && (!current || current.done());
    }
    function next(count) {
      if (exhausted() || waiting.length >= count) {
        var docs = waiting.splice(0, count);
        total += docs.length;
        return Promise.resolve({ docs: docs, done: exhausted() && !waiting.length, total: exhausted() && !waiting.length ? total : null });
      }
      var step = current && !current.done() ? Promise.resolve(current) : runs.shift()();
      return step.then(function (run) {
        current = run;
        return run.done() ? [] : run.take(count - waiting.length);
      }).then(function (docs) {
        waiting = waiting.concat(docs);
        return next(count);
      });
    }
    return { next: next };
  }

  function search(terms, query, chosen, order) {
    return load().then(function (api) {
      if (!api) {
        return paged([]);
      }
      var asked = {};
      Object.keys(chosen).forEach(function (name) {
        asked[name] = { any: chosen[name].map(function (value) { return (stored[name] || {})[value] || value; }) };
      });
      var term = terms.length ? query : null;
      var keep = function (docs) { return docs; };
      if (!order) {
        return api.search(term, { filters: asked }).then(function (answer) {
          return paged([function () { return Promise.resolve(reader(terms, answer.results, keep, false)); }]);
        });
      }
      // A date order. The merged search orders by score only, which interleaves the
      // parts, but a part orders its own results by the date sort key: so the
      // results are asked for a year at a time (a part is a year), newest or oldest
      // year first. A year split into shares (2024-a, 2024-m) has several parts,
      // whose results are merged here by their dates, read all at once.
      var newest = order === "newest";
      var tidy = newest ? function (docs) { return docs.sort(ui.newestFirst); }
        : function (docs) { return docs.sort(function (a, b) { return ui.newestFirst(b, a); }); };
      return api.search(term, { filters: asked }).then(function (answer) {
        var counts = answer.filters.year || {};
        var years = Object.keys(counts).filter(function (year) {
          return counts[year] > 0 && (!asked.year || asked.year.any.indexOf(year) >= 0);
        }).sort(function (a, b) { return newest ? Number(b) - Number(a) : Number(a) - Number(b); });
        return paged(years.map(function (year) {
          return function () {
            var filters = Object.assign({}, asked, { year: { any: [year] } });
            return api.search(term, { filters: filters, sort: { date: newest ? "desc" : "asc" } }).then(function (one) {
              var whole = sharedYears[year];
              return reader(terms, one.results, tidy, !whole);
            }).then(function (run) {
              return sharedYears[year] ? wholeRun(run) : run;
            });
          };
        }));
      });
    });
  }

  // a year of several parts: every result read and ordered together
  function wholeRun(run) {
    return run.take(Infinity).then(function (docs) {
      var given = false;
      return {
        done: function () { return given; },
        take: function () { given = true; return Promise.resolve(docs); },
      };
    });
  }

  ui.start(container, { filters: filters, search: search });
})();
