// Tells the app the browser's time zone once per session, so the messaging pages show times in
// it (the package's timeZone(req) option reads it from the session). No zone yet: the form in the
// nav says so with data-time-zone="missing"; its CSRF token goes along.
(() => {
  const form = document.querySelector('form[data-language-switch]');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!form || !zone) return;
  form.elements.timeZone.value = zone;
  if (form.dataset.timeZone !== 'missing') return;
  const body = new URLSearchParams({ timeZone: zone, _csrf: form.elements._csrf.value });
  fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin' }).catch(() => {});
})();
