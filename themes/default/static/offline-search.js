// Search for the offline edition, which readers open from disk (file://).
// Browsers block module imports and fetch() there, so Pagefind cannot run;
// this reads the index written by generator/offline_search.py, one classic
// <script> per file, only the files a query needs. The page itself (form,
// filters, sort, results, the address) is search-ui.js's, shared with the web
// edition.
(function () {
  "use strict";
  var container = document.getElementById("search");
  if (!container || !container.hasAttribute("data-index") || !window.BriefingsSearchUI) {
    return;
  }
  var manifestUrl = new URL(container.getAttribute("data-index"), window.location.href);
  var indexBase = new URL("./", manifestUrl);
  var root = new URL(document.documentElement.getAttribute("data-root") || "index.html", window.location.href);
  var PREFIX = 2; // letters that pick a word's shard; as PREFIX in offline_search.py

  // --- loading index files through script tags -------------------------
  var received = {};
  var waiting = {};
  window.BriefingsSearch = {
    receive: function (name, data) {
      received[name] = data;
      if (waiting[name]) {
        waiting[name].resolve(data);
      }
    },
  };

  function load(name) {
    if (received[name]) {
      return Promise.resolve(received[name]);
    }
    if (!waiting[name]) {
      var entry = {};
      entry.promise = new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      var script = document.createElement("script");
      script.src = new URL(name + ".js", indexBase).href;
      script.onload = function () {
        if (!received[name]) {
          entry.reject(new Error(script.src + " holds no " + name));
        }
      };
      script.onerror = function () {
        entry.reject(new Error("cannot read " + script.src));
      };
      waiting[name] = entry;
      document.head.appendChild(script);
    }
    return waiting[name].promise;
  }

  var ui = window.BriefingsSearchUI;

  function shardOf(word) {
    var bytes = new TextEncoder().encode(Array.from(word).slice(0, PREFIX).join(""));
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // documents -> score for one query word: every indexed word that answers it
  // (the rule the web edition applies to Pagefind's results: ui.accepts)
  function matching(manifest, term) {
    var key = shardOf(term);
    if (manifest.shards.indexOf(key) < 0) {
      return Promise.resolve(new Map());
    }
    return load("w-" + key).then(function (shard) {
      var scores = new Map();
      Object.keys(shard).forEach(function (word) {
        if (!ui.accepts(word, term)) {
          return;
        }
        var boost = word === term ? 2 : 1;
        var postings = shard[word];
        for (var i = 0; i < postings.length; i += 2) {
          scores.set(postings[i], (scores.get(postings[i]) || 0) + postings[i + 1] * boost);
        }
      });
      return scores;
    });
  }

  function intersect(scores, other) {
    if (scores === null) {
      return other;
    }
    var both = new Map();
    scores.forEach(function (score, doc) {
      if (other.has(doc)) {
        both.set(doc, score + other.get(doc));
      }
    });
    return both;
  }

  function backend(manifest) {
    function docsOf(batch) {
      var chunks = Array.from(new Set(batch.map(function (doc) { return Math.floor(doc / manifest.chunk); })));
      return Promise.all(chunks.map(function (n) { return load("d-" + n); })).then(function () {
        return batch.map(function (number) {
          var doc = received["d-" + Math.floor(number / manifest.chunk)][number % manifest.chunk];
          return { href: new URL(doc[0], root).href, title: doc[1], date: doc[2], region: doc[3], text: doc[4] };
        });
      });
    }

    function search(terms, query, chosen, order) {
      var scores = Promise.resolve(null);
      terms.forEach(function (term) {
        scores = scores.then(function (sofar) {
          return matching(manifest, term).then(function (found) { return intersect(sofar, found); });
        });
      });
      var active = Object.keys(chosen);
      if (active.length) {
        scores = Promise.all([scores, load("filters")]).then(function (both) {
          var sofar = both[0];
          active.forEach(function (name) {
            var allowed = new Map();
            chosen[name].forEach(function (value) {
              ((both[1][name] || {})[value] || []).forEach(function (doc) { allowed.set(doc, 0); });
            });
            sofar = intersect(sofar, allowed);
          });
          return sofar;
        });
      }
      return scores.then(function (found) {
        // documents are numbered as the site lists them, newest first
        var items = Array.from(found.keys()).sort(function (a, b) { return a - b; });
        if (order === "oldest") {
          items.reverse();
        } else if (order !== "newest") {
          // best score first; among equals, newer first
          items.sort(function (a, b) { return found.get(b) - found.get(a) || a - b; });
        }
        return { items: items, load: docsOf };
      });
    }

    return {
      filters: function () { return Promise.resolve(manifest.filters); },
      search: search,
    };
  }

  load("manifest").then(function (manifest) {
    return ui.start(container, backend(manifest));
  }, function (error) {
    var note = document.createElement("p");
    note.className = "search-status";
    note.textContent = "The search index could not be read (" + error.message + "). Keep the search/ folder beside the pages.";
    container.appendChild(note);
  });
})();
