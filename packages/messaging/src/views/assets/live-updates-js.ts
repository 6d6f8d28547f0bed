/**
 * The live part of the package's script, kept as a string so that it ships in the bundle and
 * is served from `<mount>/assets/` (never inline: it runs under helmet's default CSP). Pages
 * work without it. It:
 * - listens to `<mount>/api/events` (EventSource) and keeps every `[data-messaging-badge]`
 *   inside `[data-messaging-nav]` right, adding or removing the badge at zero;
 * - on the latest page of a thread (`[data-messaging-thread]` or `[data-thread-id]`, with a
 *   list `[data-messaging-messages]` or `.m-messages`), appends the thread's new messages,
 *   built with `textContent` (never `innerHTML`), scrolls to them when the reader is near the
 *   bottom, and marks them read while the page is visible;
 * - falls back to polling `<mount>/api/unread` every 30 s where EventSource is missing or the
 *   server refused the stream.
 * The mount is taken from `<meta name="messaging-base">`, else from the script's own URL.
 */
export const LIVE_UPDATES_JS = `(function () {
  'use strict';
  // A thread page inside a host layout that also includes the script: one stream is enough.
  if (window.orgMessagingLive) return;
  window.orgMessagingLive = true;
  var doc = document;
  var script = doc.currentScript;

  function findBase() {
    var meta = doc.querySelector('meta[name="messaging-base"]');
    if (meta && meta.content) return meta.content.replace(/\\/+$/, '');
    if (script && script.src) {
      var path = new URL(script.src, window.location.href).pathname;
      var at = path.lastIndexOf('/assets/');
      if (at >= 0) return path.slice(0, at);
    }
    return null;
  }
  var base = findBase();
  if (base === null || !window.fetch || !window.JSON) return;

  var threadEl = doc.querySelector('[data-messaging-thread], [data-thread-id].messaging-thread');
  var threadId = threadEl ? threadEl.getAttribute('data-messaging-thread') || threadEl.getAttribute('data-thread-id') : null;
  var list = threadEl ? threadEl.querySelector('[data-messaging-messages], .m-messages') : null;
  // Only the latest page grows: an older page shows a fixed range.
  var liveThread = Boolean(threadId && list && (list.querySelector('[data-messaging-newest]') || !list.querySelector('[id^="m-"]')));

  function request(path, init) {
    init = init || {};
    init.credentials = 'same-origin';
    init.headers = init.headers || {};
    init.headers.Accept = 'application/json';
    return fetch(base + path, init).then(function (res) {
      if (!res.ok) throw { status: res.status };
      return res.json();
    });
  }

  // The badge as the nav link partial renders it: "Label <span badge>N</span>", with an
  // aria-label "Label, N unread messages"; no badge and no aria-label at zero.
  function setBadges(total) {
    total = Math.max(0, Math.floor(Number(total) || 0));
    var navs = doc.querySelectorAll('[data-messaging-nav]');
    for (var i = 0; i < navs.length; i++) {
      var nav = navs[i];
      var text = nav.firstChild && nav.firstChild.nodeType === 3 ? nav.firstChild : nav.insertBefore(doc.createTextNode(''), nav.firstChild);
      var label = text.textContent.trim() || 'Messages';
      var badge = nav.querySelector('[data-messaging-badge]');
      if (total === 0) {
        if (badge) badge.remove();
        nav.removeAttribute('aria-label');
        text.textContent = label;
        continue;
      }
      if (!badge) {
        badge = doc.createElement('span');
        badge.className = 'messaging-badge';
        badge.setAttribute('data-messaging-badge', '');
        nav.appendChild(badge);
      }
      text.textContent = label + ' ';
      badge.textContent = String(total);
      nav.setAttribute('aria-label', label + ', ' + total + ' unread ' + (total === 1 ? 'message' : 'messages'));
    }
  }

  function refreshUnread() {
    return request('/api/unread').then(function (body) { setBadges(body.unreadTotal); }, function (err) {
      // Signed out or switched off: asking again will not help.
      if (err && (err.status === 401 || err.status === 404)) stopPolling();
    });
  }

  var people = null;
  function participants() {
    if (!people) {
      people = request('/api/threads/' + encodeURIComponent(threadId) + '?limit=1').then(function (body) {
        var byId = {};
        (body.thread.participants || []).forEach(function (p) { byId[p.id] = p; });
        return byId;
      }, function () { people = null; return {}; });
    }
    return people;
  }

  function nearBottom() {
    var root = doc.scrollingElement || doc.documentElement;
    return root.scrollHeight - (root.scrollTop + window.innerHeight) < 160;
  }

  function lastShownId() {
    var items = list.querySelectorAll('[id^="m-"]');
    return items.length ? Number(items[items.length - 1].id.slice(2)) : 0;
  }

  // As the pages show times (views/text/format.ts): UTC, since the server cannot know the zone.
  function timeText(iso) {
    try {
      return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
    } catch (e) {
      return iso;
    }
  }

  // Member text apart from the page's words, as the server renders it (views/text/isolate.ts).
  function isolated(text) {
    var el = doc.createElement('bdi');
    el.textContent = text;
    return el;
  }

  function render(message, mine, person) {
    var li = doc.createElement('li');
    li.className = 'm-message' + (mine ? ' m-mine' : '');
    li.id = 'm-' + message.id;
    var meta = doc.createElement('p');
    meta.className = 'm-meta';
    var name = person ? person.displayName : 'Deleted user';
    if (person && person.profileUrl && /^(\\/|https?:\\/\\/)/i.test(person.profileUrl)) {
      var link = doc.createElement('a');
      link.href = person.profileUrl;
      link.appendChild(isolated(name));
      meta.appendChild(link);
    } else {
      meta.appendChild(isolated(name));
    }
    meta.appendChild(doc.createTextNode(' \\u00b7 '));
    var time = doc.createElement('time');
    time.setAttribute('datetime', message.createdAt);
    time.textContent = timeText(message.createdAt);
    meta.appendChild(time);
    var body = doc.createElement('p');
    body.className = 'm-body';
    body.dir = 'auto';
    body.textContent = message.body;
    li.appendChild(meta);
    li.appendChild(body);
    // As the page renders it (views/conversations/thread-view.ts): others' messages can be reported.
    if (!mine) {
      var reportMeta = doc.createElement('p');
      reportMeta.className = 'm-meta';
      var report = doc.createElement('a');
      report.href = base + '/messages/' + encodeURIComponent(message.id) + '/report';
      report.setAttribute('data-messaging-report-link', '');
      report.textContent = 'Report';
      reportMeta.appendChild(report);
      li.appendChild(reportMeta);
    }
    return li;
  }

  function append(message, mine) {
    return participants().then(function (byId) {
      if (doc.getElementById('m-' + message.id)) return;
      var follow = nearBottom();
      var empty = threadEl.querySelector('.m-empty');
      if (empty) empty.remove();
      var previous = list.querySelector('[data-messaging-newest]');
      if (previous) previous.removeAttribute('data-messaging-newest');
      var li = render(message, mine, byId[message.senderId]);
      li.setAttribute('data-messaging-newest', '');
      list.appendChild(li);
      if (follow && li.scrollIntoView) li.scrollIntoView({ block: 'end' });
      if (!mine) markRead(message.id);
    });
  }

  var csrf = null;
  function csrfToken() {
    if (!csrf) {
      var meta = doc.querySelector('meta[name="messaging-csrf"]');
      var field = doc.querySelector('[data-messaging-csrf]') || (threadEl && threadEl.querySelector('input[name="_csrf"]'));
      var known = meta ? meta.content : field ? field.getAttribute('data-messaging-csrf') || field.value : '';
      csrf = known ? Promise.resolve(known) : request('/api/csrf').then(function (b) { return b.token; }, function () { csrf = null; return ''; });
    }
    return csrf;
  }

  var unreadUpTo = 0;
  function markRead(id) {
    unreadUpTo = Math.max(unreadUpTo, Number(id));
    if (doc.visibilityState !== 'visible') return;
    var upTo = unreadUpTo;
    unreadUpTo = 0;
    csrfToken().then(function (token) {
      return request('/api/threads/' + encodeURIComponent(threadId) + '/read', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
        body: JSON.stringify({ lastReadMessageId: String(upTo) }),
      });
    }).then(function (body) { setBadges(body.unreadTotal); }, function () {});
  }
  doc.addEventListener('visibilitychange', function () {
    if (doc.visibilityState === 'visible' && unreadUpTo > 0) markRead(unreadUpTo);
  });

  // After a resync (too much missed to replay): the server's page is the truth. Reload it
  // unless the reader has typed a reply; then add what the thread gained, keeping the draft.
  function refreshThread() {
    if (!liveThread) return;
    var draft = threadEl.querySelector('textarea');
    if (!draft || !draft.value) return window.location.reload();
    request('/api/threads/' + encodeURIComponent(threadId)).then(function (body) {
      var last = lastShownId();
      body.messages.forEach(function (m) { if (Number(m.id) > last) append(m, false); });
    }, function () {});
  }

  var polling = null;
  function stopPolling() {
    clearInterval(polling);
    polling = 'stopped';
  }
  function poll() {
    if (polling) return;
    refreshUnread();
    polling = setInterval(refreshUnread, 30000);
  }

  var source = null;
  function connect() {
    if (source || !window.EventSource) return poll();
    source = new EventSource(base + '/api/events');
    source.addEventListener('unread', function (e) { setBadges(JSON.parse(e.data).unreadTotal); });
    source.addEventListener('message', function (e) {
      var data = JSON.parse(e.data);
      if (liveThread && data.threadId === threadId) append(data.message, data.mine === true);
    });
    source.addEventListener('resync', function () { refreshUnread(); refreshThread(); });
    source.onerror = function () {
      // Closed for good (refused, switched off, signed out): poll instead.
      if (source && source.readyState === 2) { source = null; poll(); }
    };
  }
  // Give the connection back when the page is left, so the per-member limit is not used up.
  window.addEventListener('pagehide', function () { if (source) { source.close(); source = null; } });
  window.addEventListener('pageshow', function (e) { if (e.persisted) connect(); });
  connect();
})();
`;
