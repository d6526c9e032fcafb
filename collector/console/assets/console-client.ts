// The console's only script, served as /assets/console-HASH.js (console-assets.ts) and loaded as a module:
// no inline script, no eval, no request outside the collector. Everything works without it except live
// regions, which fall back to the reload button each page offers.
//
//   <section data-live="/devices/ID/findings" data-topics="device:ID">   — when the server says the topic
//     changed (server-sent events from /events?topic=…), fetch the data-live URL (a fragment) and replace
//     the section's content; at most once a second.
//   <form data-confirm="text">  — asks before sending (retire a medium, delete a schedule).
export const CONSOLE_CLIENT_JS = String.raw`
const MIN_GAP_MS = 1000;

function liveRegion(region) {
  const source = region.getAttribute('data-live');
  const topics = (region.getAttribute('data-topics') || '').split(/\s+/).filter(Boolean);
  if (!source || topics.length === 0) return;
  let last = 0;
  let timer = null;
  let running = false;
  const refresh = async () => {
    timer = null;
    if (running) { schedule(); return; }
    running = true;
    last = Date.now();
    region.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(source, { headers: { 'X-Shoumi-Fragment': '1' }, credentials: 'same-origin' });
      if (response.ok) {
        region.innerHTML = await response.text();
        region.dispatchEvent(new CustomEvent('shoumi:refreshed', { bubbles: true }));
      }
    } finally {
      region.removeAttribute('aria-busy');
      running = false;
    }
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(refresh, Math.max(0, last + MIN_GAP_MS - Date.now()));
  };
  const query = topics.map((t) => 'topic=' + encodeURIComponent(t)).join('&');
  const events = new EventSource('/events?' + query);
  events.addEventListener('changed', schedule);
  // A reconnect may have missed notices: read once more.
  events.addEventListener('open', () => { if (last !== 0) schedule(); });
  region.setAttribute('data-live-ready', 'true');
}

function confirmForms() {
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  }
}

for (const region of document.querySelectorAll('[data-live]')) liveRegion(region);
confirmForms();
`;
