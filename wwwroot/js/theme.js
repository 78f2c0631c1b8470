// Remembers the light/dark choice in this browser.
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
