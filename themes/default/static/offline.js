// Web edition: register the service worker that keeps pages readable when the
// network drops, and run "save the whole archive" with progress.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) {
    return;
  }
  var root = new URL(document.documentElement.getAttribute("data-root") || "./", window.location.href);
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href }).catch(function () {
    // no worker (private window, blocked by policy): the site works as before
  });

  navigator.serviceWorker.ready.then(function (registration) {
    // the first page may have loaded before the worker took over: have it kept too
    if (registration.active) {
      registration.active.postMessage({ type: "save-page", url: window.location.href.split("#")[0] });
    }
  });

  // Pagefind names its filter and metadata files anew on every build, so no list can
  // name them: load every part of the index (pagefind/parts.json, newest first) and
  // run its filters once, and the worker keeps the files Pagefind fetches.
  var warmed = null;
  function warmSearch() {
    // once per page: Pagefind's module is loaded once, and a part must be merged once
    warmed = warmed || loadEveryPart().catch(function (error) {
      warmed = null;
      throw error;
    });
    return warmed;
  }
  function loadEveryPart() {
    var bundle = new URL("pagefind/", root);
    return fetch(new URL("parts.json", bundle).href).then(function (response) {
      return response.json();
    }).then(function (manifest) {
      var parts = manifest.parts || [];
      if (!parts.length) {
        return null;
      }
      var path = function (part) { return new URL(part + "/", bundle).pathname; };
      return import(new URL("pagefind.js", new URL(path(parts[0]), bundle)).href).then(function (pagefind) {
        // no worker, as on the search page: the build does not publish Pagefind's worker file
        return pagefind.options({ basePath: path(parts[0]), baseUrl: root.pathname, noWorker: true }).then(function () {
          return parts.slice(1).reduce(function (merged, part) {
            return merged.then(function () { return pagefind.mergeIndex(path(part), { baseUrl: root.pathname }); });
          }, Promise.resolve());
        }).then(function () {
          return pagefind.filters();
        });
      });
    });
  }

  var button = document.querySelector("[data-save-archive]");
  var status = document.querySelector("[data-save-status]");
  if (!button || !status) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Preparing…";
    navigator.serviceWorker.ready.then(function (registration) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        var m = event.data;
        var failed = m.failed ? " (" + m.failed + " failed; try again when the connection is better)" : "";
        if (m.type === "progress") {
          status.textContent = "Saving " + m.done + " of " + m.total + " files" + failed;
        } else if (m.type === "done") {
          var finish = function () {
            status.textContent = (m.failed ? "Saved " + (m.done - m.failed) + " of " + m.total + " files" + failed
              : "Saved all " + m.total + " files: the whole archive now opens without a connection.");
            status.setAttribute("data-state", m.failed ? "partial" : "complete");
            button.disabled = false;
          };
          warmSearch().then(finish, finish);
        }
      };
      registration.active.postMessage({ type: "save-all" }, [channel.port2]);
    });
  });
})();
