// Search for the offline edition, which readers open from disk (file://).
// Browsers block module imports and fetch() there, so Pagefind cannot run;
// this reads the index written by generator/offline_search.py, one classic
// <script> per file, only the files a query needs. Everything taken from the
// index (titles, text, filter values) is put on the page as text, never as
// HTML: briefings are scraped, and a title may hold markup.
(function () {
  "use strict";
  var container = document.getElementById("search");
  if (!container || !container.hasAttribute("data-index")) {
    return;
  }
  var manifestUrl = new URL(container.getAttribute("data-index"), window.location.href);
  var indexBase = new URL("./", manifestUrl);
  var root = new URL(document.documentElement.getAttribute("data-root") || "index.html", window.location.href);
  var PAGE_SIZE = 20;
  var PREFIX = 2; // letters that pick a word's shard; as PREFIX in offline_search.py
  var LABELS = { region: "Region", country: "Country", actor: "Actor", tag: "Tag", source: "Source", year: "Year" };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var WORD = /[\p{L}\p{N}]+/gu;

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

  // --- words, folded as offline_search.fold folds them ---------------------
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function wordsOf(text) {
    return (fold(text).match(WORD) || []).filter(function (word) {
      return Array.from(word).length >= PREFIX;
    });
  }

  function shardOf(word) {
    var bytes = new TextEncoder().encode(Array.from(word).slice(0, PREFIX).join(""));
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // documents -> score for one query word: every indexed word it begins
  function matching(manifest, term) {
    var key = shardOf(term);
    if (manifest.shards.indexOf(key) < 0) {
      return Promise.resolve(new Map());
    }
    return load("w-" + key).then(function (shard) {
      var scores = new Map();
      Object.keys(shard).forEach(function (word) {
        if (word.lastIndexOf(term, 0) !== 0) {
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

  // --- the page ---------------------------------------------------------
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  container.textContent = "";
  var form = element("form", "offline-search-form");
  form.setAttribute("role", "search");
  var label = element("label", "visually-hidden", "Search the archive");
  label.setAttribute("for", "offline-search-q");
  var input = element("input", "offline-search-input");
  input.type = "search";
  input.id = "offline-search-q";
  input.name = "q";
  input.placeholder = "Search briefings";
  input.autocomplete = "off";
  form.appendChild(label);
  form.appendChild(input);
  var layout = element("div", "offline-search-layout");
  var filterPanel = element("div", "offline-search-filters");
  filterPanel.setAttribute("aria-label", "Filters");
  var resultsPanel = element("div", "offline-search-results");
  var status = element("p", "offline-search-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var list = element("ol", "offline-search-list");
  var more = element("button", "offline-search-more", "Show more results");
  more.type = "button";
  more.hidden = true;
  resultsPanel.appendChild(status);
  resultsPanel.appendChild(list);
  resultsPanel.appendChild(more);
  layout.appendChild(filterPanel);
  layout.appendChild(resultsPanel);
  container.appendChild(form);
  container.appendChild(layout);

  var selected = {};
  var generation = 0;
  var results = [];
  var shown = 0;
  var terms = [];

  function formatDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  // ~30 words around the first match, matching words in <mark>; all as text nodes
  function excerpt(text, into) {
    var tokens = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      var folded = fold(match[0]);
      tokens.push({
        start: match.index,
        end: match.index + match[0].length,
        hit: terms.some(function (term) { return folded.lastIndexOf(term, 0) === 0; }),
      });
    }
    if (!tokens.length) {
      return;
    }
    var first = tokens.findIndex(function (token) { return token.hit; });
    var from = Math.max(0, first - 8);
    var to = Math.min(tokens.length, from + 30);
    var at = tokens[from].start;
    if (from > 0) {
      into.appendChild(document.createTextNode("… "));
    }
    for (var i = from; i < to; i += 1) {
      if (tokens[i].hit) {
        into.appendChild(document.createTextNode(text.slice(at, tokens[i].start)));
        into.appendChild(element("mark", "", text.slice(tokens[i].start, tokens[i].end)));
        at = tokens[i].end;
      }
    }
    into.appendChild(document.createTextNode(text.slice(at, tokens[to - 1].end)));
    if (to < tokens.length) {
      into.appendChild(document.createTextNode(" …"));
    }
  }

  function resultItem(doc) {
    var item = element("li", "offline-result");
    var heading = element("h3", "offline-result-title");
    var link = element("a", "offline-result-link", doc[1]);
    link.href = new URL(doc[0], root).href;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = element("p", "meta");
    var time = element("time", "", formatDate(doc[2]));
    time.setAttribute("datetime", doc[2]);
    meta.appendChild(time);
    meta.appendChild(document.createTextNode(" · " + doc[3]));
    item.appendChild(meta);
    var text = element("p", "offline-result-excerpt");
    excerpt(doc[4], text);
    item.appendChild(text);
    return item;
  }

  function showMore(manifest, token) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    var chunks = Array.from(new Set(batch.map(function (doc) { return Math.floor(doc / manifest.chunk); })));
    return Promise.all(chunks.map(function (n) { return load("d-" + n); })).then(function () {
      if (token !== generation) {
        return;
      }
      batch.forEach(function (doc) {
        list.appendChild(resultItem(received["d-" + Math.floor(doc / manifest.chunk)][doc % manifest.chunk]));
      });
      more.hidden = shown >= results.length;
    });
  }

  function run(manifest) {
    var token = ++generation;
    terms = wordsOf(input.value);
    var active = Object.keys(selected).filter(function (name) { return selected[name].size > 0; });
    if (!terms.length && !active.length) {
      results = [];
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Type a word or choose a filter.";
      return Promise.resolve();
    }
    var scores = Promise.resolve(null);
    terms.forEach(function (term) {
      scores = scores.then(function (sofar) {
        return matching(manifest, term).then(function (found) { return intersect(sofar, found); });
      });
    });
    if (active.length) {
      scores = Promise.all([scores, load("filters")]).then(function (both) {
        var sofar = both[0];
        active.forEach(function (name) {
          var allowed = new Map();
          selected[name].forEach(function (value) {
            (both[1][name][value] || []).forEach(function (doc) { allowed.set(doc, 0); });
          });
          sofar = intersect(sofar, allowed);
        });
        return sofar;
      });
    }
    return scores.then(function (found) {
      if (token !== generation) {
        return;
      }
      // best score first; among equals, newer (a lower number) first
      results = Array.from(found.keys()).sort(function (a, b) {
        return found.get(b) - found.get(a) || a - b;
      });
      shown = 0;
      list.textContent = "";
      status.textContent = results.length === 1 ? "1 briefing found"
        : results.length ? results.length + " briefings found" : "No briefings match.";
      return showMore(manifest, token);
    });
  }

  function buildFilters(manifest, rerun) {
    Object.keys(LABELS).forEach(function (name) {
      var values = manifest.filters[name] || [];
      if (!values.length) {
        return;
      }
      selected[name] = new Set();
      var details = element("details", "offline-filter");
      details.setAttribute("data-filter", name);
      details.appendChild(element("summary", "", LABELS[name]));
      var options = element("div", "offline-filter-options");
      details.appendChild(options);
      // a large archive has thousands of actors: make their boxes when first opened
      details.addEventListener("toggle", function () {
        if (!details.open || options.childNodes.length) {
          return;
        }
        values.forEach(function (pair) {
          var option = element("label", "offline-filter-option");
          var box = element("input");
          box.type = "checkbox";
          box.value = pair[0];
          box.addEventListener("change", function () {
            if (box.checked) {
              selected[name].add(pair[0]);
            } else {
              selected[name].delete(pair[0]);
            }
            rerun();
          });
          option.appendChild(box);
          option.appendChild(element("span", "offline-filter-value", pair[0]));
          option.appendChild(element("span", "count", " (" + pair[1] + ")"));
          options.appendChild(option);
        });
      });
      filterPanel.appendChild(details);
    });
  }

  load("manifest").then(function (manifest) {
    var timer = null;
    function rerun() {
      run(manifest).catch(function (error) {
        status.textContent = "Search failed: " + error.message;
      });
    }
    buildFilters(manifest, rerun);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(rerun, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      rerun();
    });
    more.addEventListener("click", function () {
      showMore(manifest, generation);
    });
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    input.focus();
    container.setAttribute("data-ready", "");
    rerun();
  }, function (error) {
    status.textContent = "The search index could not be read (" + error.message + "). Keep the search/ folder beside the pages.";
  });
})();
