// The web edition's search: Pagefind's JS API behind the page of search-ui.js.
// The index has at most two parts (pagefind/parts.json lists them): main, every
// briefing as of the last clean build, loaded as Pagefind's primary index, and
// recent, the briefings added or changed since, merged into it (mergeIndex), so
// one query searches both. Main's copies of briefings changed since are stale:
// parts.json lists their ids ("hidden"), and they are dropped from the results
// before anything of them is read. Paths are resolved against this page, so the
// site works under any sub-path.
//
// Opening the page loads no index: parts.json names the filters, filters/NAME.json
// (read when that filter is opened, or asked for) has its values and counts, and
// Pagefind is loaded by the first search. A first search reads no filter's file,
// a search by region reads region.json alone (a large archive's actors stay unread).
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
  // our own index's reader (search-own.js), beside this file: loaded only when
  // parts.json says the build wrote that index (a large archive) instead of Pagefind's
  var ownReader = new URL("search-own.js", document.currentScript ? document.currentScript.src : window.location.href);
  var own = null;
  var root = new URL(document.documentElement.getAttribute("data-root") || "./", window.location.href);
  var bundle = new URL(container.getAttribute("data-bundle"), window.location.href);
  var pagefind = null;
  // Pagefind keeps filter values HTML-escaped (render.search_filter_value): the page
  // and the address show the names, Pagefind is asked with what it stored
  var stored = {};
  // Which part a result came from is told by its score: part i of parts.json is
  // merged with the weight 1 - i * PART_MARK. A date-sorted search scores a
  // part's results by rank (n - 1, n - 2, ... 0), so score = rank * weight, and the
  // part is read back from the fraction (partOf). The weights are far too close
  // to 1 to change an order by relevance, and keep its ties in part order.
  var PART_MARK = 1e-7;

  function decoded(value) {
    return new DOMParser().parseFromString(value, "text/html").documentElement.textContent;
  }

  // parts.json: { parts: ["main", "recent"], hidden: [id, ...], filters: [name, ...] }
  var manifest = null;
  function readManifest() {
    manifest = manifest || fetch(new URL("parts.json", bundle).href).then(function (response) {
      if (!response.ok) {
        throw new Error("no search index (" + response.status + ")");
      }
      return response.json();
    });
    return manifest;
  }

  var hidden = new Set();
  function load() {
    if (pagefind) {
      return pagefind;
    }
    pagefind = readManifest().then(function (found) {
      var parts = found.parts || [];
      hidden = new Set(found.hidden || []);
      if (!parts.length) {
        return null; // no briefings yet: nothing to search
      }
      var path = function (part) { return new URL(part + "/", bundle).pathname; };
      return import(new URL(path(parts[0]) + "pagefind.js", bundle).href).then(function (api) {
        // no worker: Pagefind's worker is a second copy of its code (40 KB) that a
        // search of ten results does not need (issue 17 counts a first search's bytes);
        // the build does not publish its file (generator/search.py PART_FILES)
        return api.options({ basePath: path(parts[0]), baseUrl: root.pathname, noWorker: true }).then(function () {
          return parts.slice(1).reduce(function (done, part, i) {
            return done.then(function () {
              return api.mergeIndex(path(part), { baseUrl: root.pathname, indexWeight: 1 - (i + 1) * PART_MARK });
            });
          }, Promise.resolve());
        }).then(function () { return api; });
      });
    });
    return pagefind;
  }

  // Pagefind's results less main's stale copies; a briefing whose indexed text did not
  // change is in both parts under one id, and is kept once
  function current(results) {
    var seen = new Set();
    return results.filter(function (result) {
      if (hidden.has(result.id) || seen.has(result.id)) {
        return false;
      }
      seen.add(result.id);
      return true;
    });
  }

  // the filters' names now (parts.json), one filter's values when it is opened or asked
  // for (filters/NAME.json): [[shown, count], ...] in the order listed
  var values = {};
  function filterValues(name) {
    values[name] = values[name] || fetch(new URL("filters/" + name + ".json", bundle).href).then(function (response) {
      if (!response.ok) {
        throw new Error("no values of the filter " + name + " (" + response.status + ")");
      }
      return response.json();
    }).then(function (entries) {
      stored[name] = {};
      return entries.map(function (entry) {
        stored[name][entry[0]] = entry.length > 2 ? entry[2] : entry[0];
        return [entry[0], entry[1]];
      }).sort(name === "year"
        ? function (a, b) { return Number(b[0]) - Number(a[0]); }
        : function (a, b) { return a[0].toLowerCase() < b[0].toLowerCase() ? -1 : a[0].toLowerCase() > b[0].toLowerCase() ? 1 : 0; });
    });
    return values[name];
  }

  function filters() {
    return readManifest().then(function (found) {
      return { names: found.filters || [], values: filterValues };
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
  // A run in relevance order: the candidates, best first.
  function reader(terms, ordered) {
    var at = 0;
    return {
      done: function () { return at >= ordered.length; },
      // the next `count` candidates, read, with the junk dropped
      take: function (count) {
        var batch = ordered.slice(at, at + count);
        at += batch.length;
        return Promise.all(batch.map(function (result) { return result.data().then(toDoc); })).then(function (docs) {
          return docs.filter(function (doc) { return ui.answers(doc.title + " " + doc.text, terms); });
        });
      },
    };
  }

  // One part's results in its date order, read a day at a time: a day's
  // briefings are in no order of Pagefind's, and the site lists them by title.
  function days(results) {
    var read = [];
    var at = 0;
    var next = null;
    function doc(i) {
      if (!read[i]) {
        read[i] = results[i].data().then(toDoc);
      }
      return read[i];
    }
    function day(from, docs) {
      if (from >= results.length) {
        return Promise.resolve(docs);
      }
      return doc(from).then(function (found) {
        if (docs.length && found.date !== docs[0].date) {
          return docs;
        }
        docs.push(found);
        return day(from + 1, docs);
      });
    }
    return {
      peek: function () {
        if (!next) {
          next = at >= results.length ? Promise.resolve(null) : day(at, []);
        }
        return next;
      },
      pop: function () {
        return this.peek().then(function (docs) {
          at += docs.length;
          next = null;
          return docs;
        });
      },
    };
  }

  // A run in a date order: the parts of one year (several when the year is split
  // into shares), merged a day at a time; a day's briefings by title.
  function dated(terms, streams, newest) {
    var over = false;
    var tidy = newest ? function (docs) { return docs.sort(ui.newestFirst); }
      : function (docs) { return docs.sort(function (a, b) { return ui.newestFirst(b, a); }); };
    function heads() {
      return Promise.all(streams.map(function (stream) { return stream.peek(); }));
    }
    function nextDay() {
      return heads().then(function (firsts) {
        var date = null;
        firsts.forEach(function (first) {
          if (first && (date === null || (newest ? first[0].date > date : first[0].date < date))) {
            date = first[0].date;
          }
        });
        if (date === null) {
          return null;
        }
        return Promise.all(streams.filter(function (stream, i) {
          return firsts[i] && firsts[i][0].date === date;
        }).map(function (stream) { return stream.pop(); })).then(function (groups) {
          return tidy([].concat.apply([], groups));
        });
      });
    }
    function collect(count, docs) {
      return nextDay().then(function (day) {
        if (day === null) {
          over = true;
          return docs;
        }
        docs = docs.concat(day.filter(function (doc) { return ui.answers(doc.title + " " + doc.text, terms); }));
        if (docs.length < count) {
          return collect(count, docs);
        }
        // is anything left? (the next day is read now, and shown next)
        return heads().then(function (firsts) {
          over = !firsts.some(Boolean);
          return docs;
        });
      });
    }
    return {
      done: function () { return over; },
      take: function (count) { return collect(count, []); },
    };
  }

  // the part a result of a date-sorted search came from (see PART_MARK)
  function partOf(result) {
    var rank = Math.round(result.score);
    return Math.round((1 - result.score / rank) / PART_MARK);
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

  // our own index: the same filters (filters/NAME.json), values asked for as stored
  function searchOwn(found, terms, query, chosen, order) {
    own = own || import(ownReader.href).then(function (module) { return module.backend(bundle, found, ui, root); });
    return Promise.all([own, Promise.all(Object.keys(chosen).map(filterValues))]).then(function (loaded) {
      var asked = {};
      Object.keys(chosen).forEach(function (name) {
        asked[name] = chosen[name].map(function (value) { return (stored[name] || {})[value] || value; });
      });
      return loaded[0].search(terms, query, asked, order);
    });
  }

  function search(terms, query, chosen, order) {
    return readManifest().then(function (found) {
      return found.engine === "own" ? searchOwn(found, terms, query, chosen, order) : searchPagefind(terms, query, chosen, order);
    });
  }

  function searchPagefind(terms, query, chosen, order) {
    // a filter is asked for by the value Pagefind stored (its file has both)
    var ready = Promise.all(Object.keys(chosen).map(filterValues));
    return Promise.all([load(), ready]).then(function (loaded) {
      var api = loaded[0];
      if (!api) {
        return paged([]);
      }
      var asked = {};
      Object.keys(chosen).forEach(function (name) {
        asked[name] = { any: chosen[name].map(function (value) { return (stored[name] || {})[value] || value; }) };
      });
      var term = terms.length ? query : null;
      if (!order) {
        return api.search(term, { filters: asked }).then(function (answer) {
          return paged([function () { return Promise.resolve(reader(terms, current(answer.results))); }]);
        });
      }
      // A date order. The merged search orders by score only, which interleaves the
      // parts, but a part orders its own results by the date sort key. So the
      // results are asked for a year at a time, newest or oldest year first, and
      // the parts of a year (one, or its shares) are merged by date here.
      var newest = order === "newest";
      return filterValues("year").then(function (listed) {
        // the years with briefings (a year with none of the query's is an empty run)
        var years = listed.map(function (entry) { return entry[0]; }).filter(function (year) {
          return !asked.year || asked.year.any.indexOf(year) >= 0;
        }).sort(function (a, b) { return newest ? Number(b) - Number(a) : Number(a) - Number(b); });
        return paged(years.map(function (year) {
          return function () {
            var filters = Object.assign({}, asked, { year: { any: [year] } });
            return api.search(term, { filters: filters, sort: { date: newest ? "desc" : "asc" } }).then(function (one) {
              var byPart = {};
              current(one.results).forEach(function (result, i) {
                // the last of a part scores 0, which tells no part: it is a run of its own
                var part = result.score > 0 ? partOf(result) : "last " + i;
                (byPart[part] = byPart[part] || []).push(result);
              });
              return dated(terms, Object.keys(byPart).map(function (part) { return days(byPart[part]); }), newest);
            });
          };
        }));
      });
    });
  }

  var backend = { filters: filters, search: search };
  window.BriefingsSearchBackend = backend; // the browser tests ask it directly, as the page does
  ui.start(container, backend);
})();
