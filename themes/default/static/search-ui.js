// The search page of both editions: the form, the filters, the sort control, the
// results, and the address that holds them. What finds the briefings is a
// backend: search.js (Pagefind, web edition) or offline-search.js (our script
// index, offline edition). Both answer with the same rule for what a word
// matches (BriefingsSearchUI.accepts), so the two editions find the same
// briefings, and both list them newest first in the same order.
//
// The query, the filters and the sort live in the address (?q=&region=&sort=):
// a search can be shared and bookmarked, and Back and Forward step through the
// searches made on the page. Everything taken from an index (titles, text,
// filter values) is put on the page as text, never as HTML: briefings are
// scraped, and a title may hold markup.
(function () {
  "use strict";
  var PAGE_SIZE = 10; // a first search reads this many fragments (one a result): issue 17 caps it at 30 files
  var MIN_WORD = 2; // shorter words are not searched (as offline_search.PREFIX)
  var LABELS = { region: "Region", country: "Country", actor: "Actor", tag: "Tag", source: "Source", year: "Year" };
  var SORTS = { "": "Relevance", newest: "Newest first", oldest: "Oldest first" };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var WORD = /[\p{L}\p{N}]+/gu;

  // --- words: folded as offline_search.fold folds them ---------------------
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function wordsOf(text) {
    return (fold(text).match(WORD) || []).filter(function (word) {
      return Array.from(word).length >= MIN_WORD;
    });
  }

  // A light stem: the plural and -ed/-ing endings, then a final e, so that
  // "ceasefires", "ceasefire" and "ceasefired" share one ("ceasefir").
  function stem(word) {
    var base = word;
    var ending = /(?:ies|ing|ed|es|s)$/.exec(base);
    if (ending && !/(?:ss|us|is)$/.test(base) && base.length - ending[0].length >= 3) {
      base = ending[0] === "ies" ? base.slice(0, -3) + "y" : base.slice(0, -ending[0].length);
    }
    if (base.length > 3 && base.charAt(base.length - 1) === "e") {
      base = base.slice(0, -1);
    }
    return base;
  }

  // Does the text's word `word` (folded) answer the query's word `term` (folded)?
  // It begins with it (a word being typed), or it is another form of it.
  // Pagefind, when a part of its index lacks a word, searches the longest
  // prefix that part has instead (upstream issues #599, #793: "macron" found
  // "mat"); this is the rule that drops those results.
  function accepts(word, term) {
    if (word.lastIndexOf(term, 0) === 0) {
      return true;
    }
    var root = stem(term);
    return root.length >= 3 && stem(word) === root;
  }

  // Does `text` hold, for every word of the query, a word that answers it?
  function answers(text, terms) {
    var found = wordsOf(text);
    return terms.every(function (term) {
      return found.some(function (word) { return accepts(word, term); });
    });
  }

  // newest first: by date, then as the site lists a day's briefings (title, address)
  function newestFirst(a, b) {
    return (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)
      || (a.titleKey < b.titleKey ? -1 : a.titleKey > b.titleKey ? 1 : 0)
      || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }

  // --- the address ---------------------------------------------------------
  function stateFromAddress() {
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "", filters: {} };
    if (!Object.prototype.hasOwnProperty.call(SORTS, state.sort)) {
      state.sort = "";
    }
    Object.keys(LABELS).forEach(function (name) {
      var values = params.getAll(name).filter(function (v) { return v !== ""; });
      if (values.length) {
        state.filters[name] = values;
      }
    });
    return state;
  }

  function addressOf(state) {
    var params = new URLSearchParams();
    if (state.q) {
      params.set("q", state.q);
    }
    Object.keys(LABELS).forEach(function (name) {
      (state.filters[name] || []).forEach(function (value) { params.append(name, value); });
    });
    if (state.sort) {
      params.set("sort", state.sort);
    }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
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

  function formatDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  // ~30 words around the first match, matching words in <mark>; all as text nodes
  function excerpt(text, terms, into) {
    var tokens = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      var folded = fold(match[0]);
      tokens.push({
        start: match.index,
        end: match.index + match[0].length,
        hit: terms.some(function (term) { return accepts(folded, term); }),
      });
    }
    if (!tokens.length) {
      return;
    }
    var first = Math.max(0, tokens.findIndex(function (token) { return token.hit; }));
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

  // backend: { filters() -> Promise<{name: [[value, count], ...]}> or, to read a filter's
  //              values only when it is opened, Promise<{names: [name, ...], values(name) ->
  //              Promise<[[value, count], ...]>}>,
  //            search(terms, query, filters, sort) -> Promise<answer> }
  // where an answer is either { next(n) -> Promise<{docs, done}> }, the next n docs
  // to show (a backend that reads results as they are shown), or { items, load(some
  // items) -> Promise<[doc]> }, every result known at once; a doc is
  // { href, title, date, region, text }, in the order to show
  function pages(answer) {
    if (answer.next) {
      return answer;
    }
    var at = 0;
    return {
      next: function (count) {
        var batch = answer.items.slice(at, at + count);
        at += batch.length;
        return answer.load(batch).then(function (docs) {
          return { docs: docs, done: at >= answer.items.length, total: answer.items.length };
        });
      },
    };
  }

  function start(container, backend) {
    container.textContent = "";
    var form = element("form", "search-form");
    form.setAttribute("role", "search");
    var label = element("label", "visually-hidden", "Search the archive");
    label.setAttribute("for", "search-q");
    var input = element("input", "search-input");
    input.type = "search";
    input.id = "search-q";
    input.name = "q";
    input.placeholder = "Search briefings";
    input.autocomplete = "off";
    var sortLabel = element("label", "search-sort", "Sort ");
    var sort = element("select", "search-sort-select");
    sort.name = "sort";
    Object.keys(SORTS).forEach(function (value) {
      var option = element("option", "", SORTS[value]);
      option.value = value;
      sort.appendChild(option);
    });
    sortLabel.appendChild(sort);
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(sortLabel);

    var layout = element("div", "search-layout");
    // beside the results on a wide screen; folded after the search box on a narrow one
    var filterPanel = element("details", "search-filters");
    filterPanel.appendChild(element("summary", "search-filters-summary", "Filters"));
    var wide = window.matchMedia("(min-width: 48rem)");
    filterPanel.open = wide.matches;
    wide.addEventListener("change", function () { filterPanel.open = wide.matches; });
    var resultsPanel = element("div", "search-results");
    var status = element("p", "search-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = element("ol", "search-list");
    var more = element("button", "search-more", "Show more results");
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
    var boxes = {}; // filter name -> function that ticks its boxes from `selected`
    var generation = 0;
    var found = null;
    var shown = 0;
    var terms = [];
    var typing = false; // the address of a search being typed is replaced, not added to

    function currentState() {
      var filters = {};
      Object.keys(selected).forEach(function (name) {
        if (selected[name].size) {
          filters[name] = Array.from(selected[name]);
        }
      });
      return { q: input.value.trim(), sort: sort.value, filters: filters };
    }

    function record(replace) {
      var address = addressOf(currentState());
      if (address === window.location.pathname + window.location.search) {
        return;
      }
      try {
        if (replace) {
          window.history.replaceState(null, "", address);
        } else {
          window.history.pushState(null, "", address);
        }
      } catch (error) {
        // a browser that keeps the address of a page read from disk fixed: search on anyway
      }
    }

    function resultItem(doc) {
      var item = element("li", "search-result");
      var heading = element("h2", "search-result-title");
      var link = element("a", "search-result-link", doc.title);
      link.href = doc.href;
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = element("p", "meta");
      var time = element("time", "", formatDate(doc.date));
      time.setAttribute("datetime", doc.date);
      meta.appendChild(time);
      meta.appendChild(document.createTextNode(" · " + doc.region));
      item.appendChild(meta);
      var text = element("p", "search-result-excerpt");
      excerpt(doc.text, terms, text);
      item.appendChild(text);
      return item;
    }

    // a backend that reads results as they are shown knows their number at the end only
    function counted(page) {
      var total = typeof page.total === "number" ? page.total : page.done ? shown : null;
      if (total === null) {
        return "The first " + shown + " briefings found";
      }
      return total === 1 ? "1 briefing found" : total ? total + " briefings found" : "No briefings match.";
    }

    function showMore(token) {
      more.disabled = true;
      return found.next(PAGE_SIZE).then(function (page) {
        if (token !== generation) {
          return;
        }
        page.docs.forEach(function (doc) { list.appendChild(resultItem(doc)); });
        shown += page.docs.length;
        status.textContent = counted(page);
        more.hidden = page.done;
        more.disabled = false;
        container.setAttribute("data-ready", "");
      });
    }

    function run() {
      var token = ++generation;
      var state = currentState();
      terms = wordsOf(state.q);
      container.removeAttribute("data-ready");
      if (!terms.length && !Object.keys(state.filters).length) {
        found = null;
        list.textContent = "";
        more.hidden = true;
        status.textContent = "Type a word or choose a filter.";
        container.setAttribute("data-ready", "");
        return Promise.resolve();
      }
      // without words there is no relevance: newest first
      var order = state.sort || (terms.length ? "" : "newest");
      return backend.search(terms, state.q, state.filters, order).then(function (answer) {
        if (token !== generation) {
          return;
        }
        found = pages(answer);
        shown = 0;
        list.textContent = "";
        return showMore(token);
      }).catch(function (error) {
        if (token === generation) {
          status.textContent = "Search failed: " + error.message;
          container.setAttribute("data-ready", "");
        }
      });
    }

    function buildFilters(found) {
      var lazy = Array.isArray(found.names);
      var values = lazy ? found.values : function (name) { return Promise.resolve(found[name] || []); };
      Object.keys(LABELS).forEach(function (name) {
        selected[name] = selected[name] || new Set();
        if (lazy ? found.names.indexOf(name) < 0 : !(found[name] || []).length) {
          return;
        }
        var details = element("details", "search-filter");
        details.setAttribute("data-filter", name);
        details.appendChild(element("summary", "", LABELS[name]));
        var holder = element("div", "search-filter-options");
        details.appendChild(holder);
        var made = [];
        boxes[name] = function () {
          made.forEach(function (box) { box.checked = selected[name].has(box.value); });
          if (selected[name].size && !details.open) {
            details.open = true;
          }
        };
        // a large archive has thousands of actors: read and make their boxes when first opened
        var filling = null;
        details.addEventListener("toggle", function () {
          if (!details.open || filling) {
            return;
          }
          filling = values(name).then(fill, function () { filling = null; });
        });
        function fill(options) {
          options.forEach(function (pair) {
            var option = element("label", "search-filter-option");
            var box = element("input");
            box.type = "checkbox";
            box.value = pair[0];
            box.checked = selected[name].has(pair[0]);
            box.addEventListener("change", function () {
              if (box.checked) {
                selected[name].add(pair[0]);
              } else {
                selected[name].delete(pair[0]);
              }
              typing = false;
              record(false);
              run();
            });
            made.push(box);
            option.appendChild(box);
            option.appendChild(element("span", "search-filter-value", pair[0]));
            option.appendChild(element("span", "count", " (" + pair[1] + ")"));
            holder.appendChild(option);
          });
        }
        filterPanel.appendChild(details);
      });
    }

    function apply(state) {
      input.value = state.q;
      sort.value = state.sort;
      Object.keys(LABELS).forEach(function (name) {
        selected[name] = new Set(state.filters[name] || []);
        if (boxes[name]) {
          boxes[name]();
        }
      });
    }

    return backend.filters().then(function (values) {
      buildFilters(values);
      apply(stateFromAddress());
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          record(typing);
          typing = true;
          run();
        }, 250);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        record(typing);
        typing = false;
        run();
      });
      sort.addEventListener("change", function () {
        typing = false;
        record(false);
        run();
      });
      more.addEventListener("click", function () {
        showMore(generation);
      });
      window.addEventListener("popstate", function () {
        clearTimeout(timer);
        typing = false;
        apply(stateFromAddress());
        run();
      });
      input.focus();
      return run();
    }, function (error) {
      status.textContent = "Search is unavailable right now (" + error.message + "). Browse by region, actor or date instead.";
      filterPanel.hidden = true;
      container.setAttribute("data-ready", "");
    });
  }

  window.BriefingsSearchUI = {
    start: start,
    fold: fold,
    wordsOf: wordsOf,
    accepts: accepts,
    stem: stem,
    answers: answers,
    newestFirst: newestFirst,
  };
})();
