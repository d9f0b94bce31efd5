// Live reload for `milnik serve`, injected into every HTML page of the preview.
// Listens to /__milnik/events: `reload` reloads the page (or swaps only its stylesheets) when it
// changed; `error` shows why the last rebuild failed over the last good version of the page.
(function () {
  "use strict";
  if (window.__milnik) {
    return;
  }
  var state = { reloads: 0, lastEvent: null };
  window.__milnik = state;

  var SCROLL_KEY = "milnik-scroll";
  var OVERLAY_ID = "milnik-error-overlay";
  // The site's 404 page sets this, so a missing page reloads when /404.html changes.
  var script = document.currentScript;
  var alsoPage = script ? script.getAttribute("data-milnik-page") : null;

  function decode(path) {
    try {
      return decodeURIComponent(path);
    } catch (e) {
      return path;
    }
  }

  // "/x/" and "/x" are the same page, and so are "/x/index.html" and "/x/".
  function samePage(path) {
    path = decode(path).replace(/\/index\.html$/, "/");
    return path.length > 1 && path.charAt(path.length - 1) === "/" ? path.slice(0, -1) : path;
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  function restoreScroll() {
    var saved;
    try {
      saved = parse(sessionStorage.getItem(SCROLL_KEY));
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (e) {
      return;
    }
    if (!saved || saved.path !== location.pathname) {
      return;
    }
    var scroll = function () {
      window.scrollTo(saved.x || 0, saved.y || 0);
    };
    var restore = function () {
      scroll();
      requestAnimationFrame(scroll);
    };
    if (document.readyState === "complete") {
      restore();
    } else {
      window.addEventListener("load", restore, { once: true });
    }
  }

  function reloadPage() {
    try {
      sessionStorage.setItem(
        SCROLL_KEY,
        JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY })
      );
    } catch (e) {
      // No session storage (private mode, sandbox): reload without keeping the position.
    }
    location.reload();
  }

  function style(element, css) {
    // `all: initial` keeps the site's own styles off the overlay.
    element.style.cssText = "all: initial; display: block; box-sizing: border-box; " + css;
    return element;
  }

  function showError(message, heading, note) {
    var overlay = document.getElementById(OVERLAY_ID);
    if (!overlay) {
      overlay = style(
        document.createElement("div"),
        "position: fixed; top: 0; left: 0; right: 0; z-index: 2147483647; max-height: 70vh;" +
          " overflow: auto; background: #fff4f4; color: #1b1b1b; border-bottom: 4px solid #8b0000;" +
          " box-shadow: 0 4px 18px rgba(0, 0, 0, 0.35); text-align: left;"
      );
      overlay.id = OVERLAY_ID;
      overlay.setAttribute("role", "alert");
      var header = style(
        document.createElement("h2"),
        "margin: 0; padding: 10px 16px; background: #8b0000; color: #fff;" +
          " font: bold 18px/1.4 system-ui, sans-serif;"
      );
      header.className = "milnik-error-heading";
      var note = style(
        document.createElement("p"),
        "margin: 0; padding: 10px 16px 0; color: #1b1b1b; font: 15px/1.5 system-ui, sans-serif;"
      );
      note.className = "milnik-error-note";
      var text = style(
        document.createElement("pre"),
        "margin: 0; padding: 10px 16px 16px; color: #1b1b1b; white-space: pre-wrap;" +
          " overflow-wrap: anywhere; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo," +
          " Consolas, 'DejaVu Sans Mono', monospace;"
      );
      text.className = "milnik-error-message";
      overlay.appendChild(header);
      overlay.appendChild(note);
      overlay.appendChild(text);
      (document.body || document.documentElement).appendChild(overlay);
    }
    // The heading and note come with the message, in the language of milnik's messages.
    overlay.querySelector(".milnik-error-heading").textContent =
      heading || "Chyba při sestavení webu";
    overlay.querySelector(".milnik-error-note").textContent =
      note || "Stránka ukazuje poslední úspěšně sestavenou verzi. Po opravě souboru se obnoví sama.";
    overlay.querySelector("pre").textContent = message;
  }

  function swapStylesheets(paths, all) {
    var links = document.querySelectorAll('link[rel~="stylesheet" i]');
    var stamp = String(Date.now());
    for (var i = 0; i < links.length; i++) {
      var url;
      try {
        url = new URL(links[i].getAttribute("href"), location.href);
      } catch (e) {
        continue;
      }
      if (url.origin !== location.origin) {
        continue;
      }
      if (all || paths.indexOf(samePage(url.pathname)) >= 0) {
        url.searchParams.set("milnik", stamp);
        links[i].href = url.href;
      }
    }
  }

  function onReload(data) {
    state.reloads += 1;
    var paths = (data.paths || []).map(samePage);
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) {
      overlay.remove();
      reloadPage();
    } else if (data.css) {
      swapStylesheets(paths, data.all);
    } else if (
      data.all ||
      paths.indexOf(samePage(location.pathname)) >= 0 ||
      (alsoPage && paths.indexOf(samePage(alsoPage)) >= 0)
    ) {
      reloadPage();
    }
  }

  restoreScroll();

  if (typeof EventSource !== "function") {
    return;
  }
  var source = new EventSource("/__milnik/events");
  source.addEventListener("reload", function (event) {
    var data = parse(event.data);
    if (data) {
      state.lastEvent = data;
      onReload(data);
    }
  });
  // The server's `error` events share their name with the EventSource's own connection errors,
  // which carry no data: those need nothing, EventSource reconnects by itself.
  source.addEventListener("error", function (event) {
    if (typeof event.data !== "string") {
      return;
    }
    var data = parse(event.data);
    if (data) {
      state.lastEvent = data;
      showError(String(data.message), data.heading, data.note);
    }
  });
})();
