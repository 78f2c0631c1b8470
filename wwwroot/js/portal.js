// Browser helpers of the portal: the remembered light/dark choice, downloads, clipboard.
window.bootstrapPortal = window.bootstrapPortal || {};
window.bootstrapPortal.theme = {
  get: function () {
    try { return window.localStorage.getItem("bootstrapportal.theme"); } catch { return null; }
  },
  set: function (value) {
    try { window.localStorage.setItem("bootstrapportal.theme", value); } catch { /* storage disabled: the choice lasts this visit */ }
  },
  prefersDark: function () {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
};

// Saves bytes as a file without putting them in a URL the server or history could see.
window.bootstrapPortal.download = async function (fileName, contentType, streamReference) {
  const buffer = await streamReference.arrayBuffer();
  const blob = new Blob([buffer], { type: contentType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
};

window.bootstrapPortal.copy = async function (text) {
  try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
};

// The skip link moves focus to the main content without a navigation (a fragment link would be resolved against <base href="/">
// and take the router to the Overview). Registered in the capture phase, before the router sees the click.
document.addEventListener("click", function (e) {
  const link = e.target instanceof Element ? e.target.closest(".bp-skip-link") : null;
  if (!link) { return; }
  e.preventDefault();
  e.stopPropagation();
  const main = document.getElementById("main-content");
  if (main) { main.focus(); main.scrollIntoView(); }
}, true);

// Moves focus to an element (a heading after a dialog closed), so keyboard and screen-reader users land where they were.
window.bootstrapPortal.focus = function (selector) {
  const element = document.querySelector(selector);
  if (element) { element.focus(); return true; }
  return false;
};

// The same for an element a dialog is about to show (its content reaches the page a frame or two after the dialog opens).
window.bootstrapPortal.focusWhenShown = function (selector, timeoutMs) {
  const until = Date.now() + (timeoutMs || 1000);
  return new Promise(function (resolve) {
    (function attempt() {
      const element = document.querySelector(selector);
      if (element) { element.focus(); resolve(true); return; }
      if (Date.now() > until) { resolve(false); return; }
      requestAnimationFrame(attempt);
    })();
  });
};

// The language switcher: the chosen culture goes into the culture cookie (a year, the whole site, not sent on cross-site
// subrequests, HTTPS-only when the portal is served over HTTPS) and the page reloads in that language.
document.addEventListener("change", function (e) {
  const select = e.target instanceof HTMLSelectElement && e.target.hasAttribute("data-culture-switch") ? e.target : null;
  if (!select) { return; }
  const maxAge = parseInt(select.getAttribute("data-culture-max-age") || "31536000", 10);
  document.cookie = select.getAttribute("data-culture-switch") + "=" + encodeURIComponent(select.value) +
    "; path=/; max-age=" + maxAge + "; samesite=lax" + (window.location.protocol === "https:" ? "; secure" : "");
  window.location.reload();
});
