// The reader of our own search index (generator/wordindex.py), which the build
// writes instead of Pagefind's for large archives (search_engine, generator/search.py).
// search.js loads this module when pagefind/parts.json says "engine": "own", and hands
// it the searches of the page (search-ui.js's backend: search(terms, query, filters,
// sort) answers { items, load }).
//
// A query reads, per part (main, and recent when there is one), its meta.json, one
// shard of words per query word (w/KEY.bin, KEY the hex of its first letters), the
// postings file of a word held by many briefings (p/N.bin), and a filter value's
// list (values/NAME.json, v/NAME/N.bin); then one file per result shown (d/N.bin).
// A word answers a query word by the search page's own rule (BriefingsSearchUI.accepts),
// so this finds what Pagefind's results less those the rule drops are. Documents are
// numbered newest first; a recent document's place among main's is in recent's meta
// ("positions"), so the parts merge in date order without reading a document.
// Titles and text stay text: search-ui.js puts them on the page as text nodes.

function gunzipped(bytes) {
  // the build gzips every .bin; a host that sent it with Content-Encoding: gzip has
  // already decoded it (no gzip magic left)
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return Promise.resolve(bytes);
  }
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
}

function read(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) {
      throw new Error("cannot read " + url + " (" + response.status + ")");
    }
    return response.arrayBuffer();
  }).then(function (buffer) { return gunzipped(new Uint8Array(buffer)); });
}

function readJson(url) {
  return read(url).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
}

function fromBase64(text) {
  var binary = atob(text);
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

// postings (wordindex.encode_postings) -> calls of visit(document, score); score 0 in a list alone
function eachPosting(bytes, count, scored, visit) {
  var at = 1;
  if (bytes[0] === 0) {
    var doc = -1;
    while (at < bytes.length) {
      var gap = 0;
      var shift = 0;
      var byte;
      do {
        byte = bytes[at];
        at += 1;
        gap += (byte & 0x7f) * Math.pow(2, shift);
        shift += 7;
      } while (byte & 0x80);
      doc += gap + 1;
      var score = 0;
      if (scored) {
        score = bytes[at];
        at += 1;
      }
      visit(doc, score);
    }
    return;
  }
  var size = (count + 7) >> 3;
  var scoreAt = 1 + size;
  for (var i = 0; i < size; i += 1) {
    var bits = bytes[1 + i];
    if (!bits) {
      continue;
    }
    for (var bit = 0; bit < 8; bit += 1) {
      if (bits & (1 << bit)) {
        visit(i * 8 + bit, scored ? bytes[scoreAt++] : 0);
      }
    }
  }
}

function hex(text) {
  return Array.from(new TextEncoder().encode(text), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
}

// What every word that answers `term` begins with: the term itself, or its light
// stem's beginning (search-ui.js stem: a word of the same stem starts with the stem,
// or with the stem less its "y" for "-ies")
function commonStart(term, ui) {
  var letters = Array.from(term);
  var root = Array.from(ui.stem(term));
  if (root.length < 3) {
    return term;
  }
  if (root[root.length - 1] === "y") {
    root = root.slice(0, -1);
  }
  var n = 0;
  while (n < letters.length && n < root.length && letters[n] === root[n]) {
    n += 1;
  }
  return letters.slice(0, n).join("");
}

function part(bundle, name, base, ui) {
  var folder = new URL(name + "/" + base + "/", bundle);
  var meta = readJson(new URL("meta.json", folder).href);
  var shards = {};
  var valueNames = {};
  function shard(key) {
    shards[key] = shards[key] || readJson(new URL("w/" + key + ".bin", folder).href);
    return shards[key];
  }
  // documents -> score for one query word, summed over the words that answer it (an
  // exact word counts double, as the offline edition counts it)
  function matching(term) {
    var start = hex(commonStart(term, ui));
    return meta.then(function (found) {
      var keys = found.shards.filter(function (key) { return start.lastIndexOf(key, 0) === 0 || key.lastIndexOf(start, 0) === 0; });
      return Promise.all(keys.map(shard)).then(function (held) {
        var lists = [];
        held.forEach(function (words) {
          Object.keys(words).forEach(function (word) {
            if (ui.accepts(word, term)) {
              var entry = words[word];
              var postings = typeof entry[1] === "number"
                ? read(new URL("p/" + entry[1] + ".bin", folder).href) : Promise.resolve(fromBase64(entry[1]));
              lists.push(postings.then(function (bytes) { return [word, entry[0], bytes]; }));
            }
          });
        });
        return Promise.all(lists);
      }).then(function (lists) {
        var scores = new Map();
        lists.forEach(function (list) {
          // BM25's idf times the quantized term-frequency part stored per document
          var idf = Math.log(1 + (found.documents - list[1] + 0.5) / (list[1] + 0.5));
          var boost = list[0] === term ? 2 : 1;
          eachPosting(list[2], found.documents, true, function (doc, score) {
            scores.set(doc, (scores.get(doc) || 0) + idf * score * boost);
          });
        });
        return scores;
      });
    });
  }
  // the documents of any of `values` (as stored) of filter `name`
  function having(name, values) {
    return meta.then(function (found) {
      if (found.filters.indexOf(name) < 0) {
        return new Set();
      }
      valueNames[name] = valueNames[name] || readJson(new URL("values/" + name + ".json", folder).href);
      return valueNames[name].then(function (numbers) {
        var wanted = values.filter(function (value) { return Object.prototype.hasOwnProperty.call(numbers, value); });
        return Promise.all(wanted.map(function (value) {
          return read(new URL("v/" + name + "/" + numbers[value] + ".bin", folder).href);
        })).then(function (lists) {
          var docs = new Set();
          lists.forEach(function (bytes) {
            eachPosting(bytes, found.documents, false, function (doc) { docs.add(doc); });
          });
          return docs;
        });
      });
    });
  }
  function documentOf(number) {
    return readJson(new URL("d/" + number + ".bin", folder).href);
  }
  return { name: name, meta: meta, matching: matching, having: having, documentOf: documentOf };
}

// backend(bundle, manifest, ui, root) -> search(terms, query, filters, order), the
// filters' values given as stored (search.js maps the shown ones)
export function backend(bundle, manifest, ui, root) {
  var hidden = new Set(manifest.hidden || []);
  var parts = (manifest.parts || []).map(function (name) { return part(bundle, name, manifest.bases[name], ui); });

  // one part's candidates: Map document -> score (0 without words), or null for all
  function candidates(one, terms, chosen) {
    var scores = Promise.resolve(null);
    terms.forEach(function (term) {
      scores = scores.then(function (sofar) {
        if (sofar && !sofar.size) {
          return sofar;
        }
        return one.matching(term).then(function (found) {
          if (sofar === null) {
            return found;
          }
          var both = new Map();
          sofar.forEach(function (score, doc) {
            if (found.has(doc)) {
              both.set(doc, score + found.get(doc));
            }
          });
          return both;
        });
      });
    });
    Object.keys(chosen).forEach(function (name) {
      scores = scores.then(function (sofar) {
        if (sofar && !sofar.size) {
          return sofar;
        }
        return one.having(name, chosen[name]).then(function (docs) {
          var both = new Map();
          if (sofar === null) {
            docs.forEach(function (doc) { both.set(doc, 0); });
          } else {
            sofar.forEach(function (score, doc) {
              if (docs.has(doc)) {
                both.set(doc, score);
              }
            });
          }
          return both;
        });
      });
    });
    return scores;
  }

  // where a result stands newest first: main's number, or a recent document's place
  // among main's (before main's document of that number)
  function placeOf(item, positions) {
    return item.part === 0 ? [item.doc, 1, 0] : [positions[item.doc], 0, item.doc];
  }
  function newer(a, b) {
    for (var i = 0; i < 3; i += 1) {
      if (a.place[i] !== b.place[i]) {
        return a.place[i] - b.place[i];
      }
    }
    return 0;
  }

  function load(batch) {
    return Promise.all(batch.map(function (item) {
      return parts[item.part].documentOf(item.doc).then(function (doc) {
        var href = new URL(doc[0].replace(/^\//, ""), root);
        return { href: href.href, path: href.pathname, title: doc[1], titleKey: doc[1].toLowerCase(), date: doc[2], region: doc[3], text: doc[4] };
      });
    }));
  }

  function search(terms, query, chosen, order) {
    return Promise.all(parts.map(function (one, i) {
      return Promise.all([candidates(one, terms, chosen), one.meta]).then(function (both) {
        var items = [];
        (both[0] || new Map()).forEach(function (score, doc) {
          if (i === 0 && hidden.has(doc)) {
            return;
          }
          var item = { part: i, doc: doc, score: score };
          item.place = placeOf(item, both[1].positions || []);
          items.push(item);
        });
        return items;
      });
    })).then(function (found) {
      var items = [].concat.apply([], found);
      if (order === "oldest") {
        items.sort(function (a, b) { return newer(b, a); });
      } else if (order === "newest") {
        items.sort(newer);
      } else {
        items.sort(function (a, b) { return b.score - a.score || newer(a, b); });
      }
      return { items: items, load: load };
    });
  }

  return { search: search };
}
