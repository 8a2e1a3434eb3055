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
  // name them: run its filters once, and the worker keeps the files Pagefind fetches.
  function warmSearch() {
    return import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
      return pagefind.options({ bundlePath: new URL("pagefind/", root).pathname }).then(function () {
        return pagefind.filters();
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
