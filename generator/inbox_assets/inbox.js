// The inbox page (generator/inbox.py serves it). Everything an article brings, pasted
// text, titles, names, review notes, is put in the page with textContent or as an
// input's value, never as HTML: a pasted page must not run or inject anything.
(() => {
  "use strict";
  const token = document.querySelector('meta[name="inbox-token"]').content;
  const FIELDS = ["title", "date", "region", "countries", "actors"];
  // The server numbers the changes it builds (generator/serve.py): a save's reply gives
  // its change's number, and the live-reload events say up to which change the site on
  // show is built. "A build finished since the save" is not enough: a build that began
  // before the save finishes after it without the file.
  let changesBuilt = 0;
  const waitingForBuild = []; // [change number, callback] run once the site holds that change

  function element(tag, attributes = {}, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    for (const child of children) made.append(child); // strings become text nodes
    return made;
  }

  async function call(action, data) {
    const response = await fetch("api/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Inbox-Token": token },
      body: JSON.stringify(data),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    return answer;
  }

  function listenForBuilds() {
    const events = new EventSource("/__briefings/events");
    events.onmessage = (event) => {
      const state = JSON.parse(event.data);
      if (state.error) return;
      changesBuilt = state.changes_built;
      runBuiltWaits();
    };
  }

  function runBuiltWaits() {
    for (let i = waitingForBuild.length - 1; i >= 0; i--) {
      const [change, then] = waitingForBuild[i];
      if (change <= changesBuilt) { waitingForBuild.splice(i, 1); then(); }
    }
  }

  // "Now on the site" once the preview holds the saved change (which may already be so)
  function linkAfterBuild(place, url, change) {
    const link = element("a", { href: url, class: "site-link" }, url);
    place.replaceChildren("It will be on the site after the rebuild: ", link);
    waitingForBuild.push([change, () => place.replaceChildren("Now on the site: ", link)]);
    runBuiltWaits();
  }

  async function loadVocabulary() {
    const response = await fetch("api/vocabulary");
    const names = await response.json();
    for (const kind of ["regions", "countries", "actors"]) {
      document.getElementById(kind).replaceChildren(...names[kind].map((name) => element("option", { value: name })));
    }
  }

  // The cleaned text with each field's evidence in a <mark>; the first occurrence,
  // searched from the evidence's line when it gives one.
  function markedText(record) {
    const text = (record.title || "") + "\n\n" + (record.body || "");
    const bodyStart = (record.title || "").length + 2;
    const ranges = [];
    const snippets = [];
    for (const field of FIELDS) {
      const found = (record.evidence || {})[field];
      if (!found) continue;
      // countries and actors carry one piece of evidence per name: each is marked
      for (const one of found.items && found.items.length ? found.items : [found]) {
        if (one.text) snippets.push([field, one]);
      }
    }
    for (const [field, found] of snippets) {
      let from = 0;
      if (found.line) {
        from = bodyStart;
        for (let line = 1; line < found.line && from >= 0; line++) {
          const next = text.indexOf("\n", from);
          from = next < 0 ? -1 : next + 1;
        }
        if (from < 0) from = 0;
      }
      let at = text.indexOf(found.text, from);
      if (at < 0) at = text.indexOf(found.text);
      if (at < 0) at = text.toLowerCase().indexOf(found.text.toLowerCase());
      if (at >= 0) ranges.push([at, at + found.text.length, field, found.how || ""]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const body = element("div", { class: "body", tabindex: "0" });
    let position = 0;
    let last = null; // [start, end, mark] of the last mark made
    for (const [start, end, field, how] of ranges) {
      if (last && start === last[0] && end === last[1]) { // the same words are evidence of two fields
        last[2].dataset.also = ((last[2].dataset.also || "") + " " + field).trim();
        last[2].title += "; " + field + ": " + how;
        continue;
      }
      if (start < position) continue; // overlapping evidence: the first one is marked
      body.append(text.slice(position, start));
      const mark = element("mark", { class: "evidence", "data-field": field, title: field + ": " + how }, text.slice(start, end));
      body.append(mark);
      last = [start, end, mark];
      position = end;
    }
    body.append(text.slice(position));
    return body;
  }

  function evidenceNote(record, field) {
    const found = (record.evidence || {})[field];
    if (found) {
      const line = found.line ? ` (line ${found.line})` : "";
      const note = element("p", { class: "evidence-note", "data-evidence-for": field }, `${found.how}${line}`);
      if (found.text) note.append(": ", element("q", {}, found.text));
      return note;
    }
    return element("p", { class: "evidence-note missing", "data-evidence-for": field }, "Not found in the text");
  }

  // A list of names (countries, actors) with remove buttons, an input to add one,
  // and "add to the vocabulary" for an actor the vocabulary does not know.
  function namesField(kind, label, initial, vocabularyList, candidates) {
    const names = [...initial];
    const wrapper = element("div", { class: "names-field", "data-field": kind });
    const list = element("ul", { class: "names" });
    const known = () => new Set([...document.getElementById(vocabularyList).options].map((o) => o.value.toLowerCase()));
    function draw() {
      const vocabulary = known();
      list.replaceChildren(...names.map((name, index) => {
        const item = element("li", {}, name);
        if (kind === "actors" && !vocabulary.has(name.toLowerCase())) {
          item.className = "unknown";
          const add = element("button", { type: "button", class: "add-vocabulary" }, "add to the vocabulary");
          add.addEventListener("click", async () => {
            try {
              await call("add-actor", { name, kind: "organisation" });
              await loadVocabulary();
              draw();
            } catch (error) { item.append(element("span", { class: "error" }, " " + error.message)); }
          });
          item.append(add);
        }
        const remove = element("button", { type: "button", "aria-label": `remove ${name}` }, "×");
        remove.addEventListener("click", () => { names.splice(index, 1); draw(); });
        item.append(remove);
        return item;
      }));
    }
    const id = "add-" + kind + "-" + Math.random().toString(36).slice(2);
    const input = element("input", { type: "text", id, list: vocabularyList, class: "add-name" });
    const add = element("button", { type: "button" }, "Add");
    const addName = () => {
      const name = input.value.trim();
      if (name && !names.includes(name)) names.push(name);
      input.value = "";
      draw();
    };
    add.addEventListener("click", addName);
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); addName(); } });
    wrapper.append(element("label", { for: id }, label), list, input, add);
    if (candidates.length) {
      const offered = element("ul", { class: "names candidates" });
      for (const name of candidates) {
        const use = element("button", { type: "button" }, "use");
        use.addEventListener("click", () => { if (!names.includes(name)) names.push(name); draw(); });
        offered.append(element("li", {}, name, use));
      }
      wrapper.append(element("p", { class: "evidence-note" }, "Names found that the vocabulary does not know:"), offered);
    }
    draw();
    return [wrapper, () => [...names]];
  }

  function textField(form, name, label, value, attributes = {}) {
    const id = name + "-" + Math.random().toString(36).slice(2);
    const input = element("input", { type: "text", id, name, ...attributes });
    input.value = value || "";
    form.append(element("label", { for: id }, label), input);
    return input;
  }

  function renderExtract(item) {
    const section = element("article", { class: "extract" });
    if (item.error) {
      section.append(element("p", { class: "error" }, item.error));
      return section;
    }
    const record = item.record;
    const form = element("form", { class: "fields" });
    form.addEventListener("submit", (event) => event.preventDefault());
    const title = textField(form, "title", "Title", record.title);
    form.append(evidenceNote(record, "title"));
    const date = textField(form, "date", "Date (YYYY-MM-DD)", record.date, { placeholder: "YYYY-MM-DD" });
    form.append(evidenceNote(record, "date"));
    const region = textField(form, "region", "Region", record.region, { list: "regions" });
    form.append(evidenceNote(record, "region"));
    const [countries, countryNames] = namesField("countries", "Countries", record.countries || [], "countries", []);
    form.append(countries, evidenceNote(record, "countries"));
    const [actors, actorNames] = namesField("actors", "Actors", record.actors || [], "actors", record.actor_candidates || []);
    form.append(actors, evidenceNote(record, "actors"));
    const review = record.review || [];
    if (review.length) {
      form.append(element("p", {}, "To review:"),
        element("ul", { class: "review" }, ...review.map((note) => element("li", {}, note))));
    }
    const path = textField(form, "path", "File name, inside articles/", item.path);
    const draftId = "draft-" + Math.random().toString(36).slice(2);
    const draft = element("input", { type: "checkbox", id: draftId, name: "draft" });
    form.append(element("p", {}, draft, element("label", { for: draftId, class: "inline" }, " Save as a draft")));
    const save = element("button", { type: "button", class: "save" }, "Save briefing");
    const result = element("p", { class: "result", role: "status" });
    form.append(save, result);
    save.addEventListener("click", async () => {
      result.className = "result";
      result.replaceChildren("Saving…");
      try {
        const saved = await call("save", {
          id: item.id, title: title.value, date: date.value.trim(), region: region.value,
          countries: countryNames(), actors: actorNames(), path: path.value, draft: draft.checked, review,
        });
        result.className = "result saved";
        const where = element("p", { class: "site" });
        result.replaceChildren(element("span", { class: "saved-path" }, saved.path),
          saved.draft ? " saved as a draft: it is listed under Drafts" : " saved", where);
        if (saved.url) linkAfterBuild(where, saved.url, saved.change);
        save.disabled = true;
        loadDrafts();
      } catch (error) {
        result.className = "result error";
        result.replaceChildren(error.message);
      }
    });
    section.append(element("h2", {}, record.title || "(no title found)"),
      element("p", { class: "evidence-note" }, `From ${record.input}`),
      element("div", { class: "columns" }, markedText(record), form));
    return section;
  }

  async function loadDrafts() {
    const response = await fetch("api/drafts");
    const { drafts } = await response.json();
    document.getElementById("drafts-empty").hidden = drafts.length > 0;
    document.getElementById("drafts").replaceChildren(...drafts.map((found) => {
      const publish = element("button", { type: "button", class: "publish" }, "Publish");
      const status = element("p", { role: "status" });
      const item = element("li", { class: "draft", "data-path": found.path },
        element("strong", {}, found.title), " ",
        element("a", { href: found.file_url, class: "edit", title: "open the file in an editor" }, found.shown),
        element("ul", { class: "review" }, ...found.review.map((note) => element("li", {}, note))),
        publish, status);
      publish.addEventListener("click", async () => {
        try {
          const published = await call("publish", { path: found.path });
          publish.disabled = true;
          const where = element("span");
          status.replaceChildren(`Published ${published.path}. `, where);
          if (published.url) linkAfterBuild(where, published.url, published.change);
        } catch (error) {
          status.replaceChildren(element("span", { class: "error" }, error.message));
        }
      });
      return item;
    }));
  }

  function base64(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  document.getElementById("extract").addEventListener("click", async () => {
    const status = document.getElementById("status");
    status.className = "";
    status.replaceChildren("Extracting…");
    try {
      const files = await Promise.all([...document.getElementById("files").files].map(
        async (file) => ({ name: file.name, data: base64(await file.arrayBuffer()) })));
      const answer = await call("extract", {
        text: document.getElementById("paste").value, url: document.getElementById("address").value, files,
      });
      const shown = document.getElementById("extracts");
      shown.replaceChildren(...answer.items.map(renderExtract));
      status.replaceChildren(`${answer.items.length} extracted`);
    } catch (error) {
      status.className = "error";
      status.replaceChildren(error.message);
    }
  });

  listenForBuilds();
  loadVocabulary();
  loadDrafts();
})();
