// The Taskledger console: plain DOM, no framework. Every value from the server reaches the page as text
// (text nodes and attributes set one by one, never parsed as HTML); the API key lives in sessionStorage and goes out as the X-API-Key header.
'use strict';
(() => {
  const KEY = 'taskledger.key';
  const TENANT = 'taskledger.tenant';
  const STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled', 'waiting']; // waiting: for its parents
  const LEDGER_STATUSES = ['ok', 'fail', 'pending', 'partial', 'unknown'];
  const REFRESH_MS = 2000;
  const PAGE_SIZE = 50;
  const MAX_RECONCILE_ITEMS = 100000;

  const main = document.getElementById('main');
  const live = document.getElementById('live');
  let session = null; // {tenant, admin, keys_required}
  let page = null; // {refresh} of the page shown
  let lastOk = null;
  let staleSince = null;

  // ---- DOM -------------------------------------------------------------------------------------------------------

  /** An element with attributes (on* are listeners) and children (strings become text nodes). */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }

  let fieldIds = 0;
  /** A labelled form field: the label's for names the control's id. */
  function field(label, control) {
    if (!control.id) control.id = 'f' + (++fieldIds);
    return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  }

  function show(title, ...nodes) {
    document.title = title + ' · Taskledger';
    main.replaceChildren(h('h1', {}, title), ...nodes);
    for (const a of document.querySelectorAll('nav a')) {
      a.toggleAttribute('aria-current', location.hash.startsWith(a.getAttribute('href')));
    }
  }

  /**
   * Redraws {@code box} with {@code build()} only when {@code data} differs from what it shows, so a refresh that brings
   * nothing new keeps the reader's focus and selection.
   */
  function redraw(box, data, build) {
    const text = JSON.stringify(data);
    if (box.dataset.shown === text) return;
    box.dataset.shown = text;
    box.replaceChildren(build());
  }

  function json(value) {
    return h('pre', { class: 'json' }, value === undefined || value === null ? '—' : JSON.stringify(value, null, 2));
  }

  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, 'Z');
  }

  /** A count with thousands separators: 239,992. */
  function count(n) {
    return Number(n || 0).toLocaleString('en-US');
  }

  function age(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 90) return Math.round(seconds) + ' s';
    if (seconds < 5400) return Math.round(seconds / 60) + ' min';
    if (seconds < 172800) return (seconds / 3600).toFixed(1) + ' h';
    return (seconds / 86400).toFixed(1) + ' d';
  }

  function problemText(e) {
    if (e instanceof ApiError) return (e.problem.title || 'Error') + (e.problem.detail ? ': ' + e.problem.detail : '') + ' (' + e.status + ')';
    return String(e);
  }

  function errorBox(e) {
    return h('p', { class: 'error', role: 'alert' }, problemText(e));
  }

  function confirmAction(text) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-text').textContent = text;
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
      dialog.returnValue = '';
      dialog.showModal();
      document.getElementById('confirm-no').focus();
    });
  }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem.detail || problem.title || String(status));
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(method, path, body, options = {}) {
    const headers = { Accept: 'application/json' };
    const key = sessionStorage.getItem(KEY);
    if (key) headers['X-API-Key'] = key;
    const tenant = sessionStorage.getItem(TENANT);
    if (tenant && session && (session.admin || !session.keys_required)) headers['X-Tenant'] = tenant;
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, { method, headers, body: payload, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      markStale();
      throw new ApiError(0, { title: 'Server unreachable', detail: String(e.message || e) });
    }
    markFresh();
    if (res.status === 401 && !options.quiet) {
      sessionStorage.removeItem(KEY);
      login('The key was refused; enter a valid API key.');
    }
    if (!res.ok) {
      let problem;
      try { problem = await res.json(); } catch (ignored) { problem = { title: res.statusText || 'Error' }; }
      throw new ApiError(res.status, problem);
    }
    if (options.raw) return res;
    return res.status === 204 ? null : res.json();
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
      else if (v !== null && v !== undefined && v !== '') q.set(k, v);
    }
    const s = q.toString();
    return s ? '?' + s : '';
  }

  // ---- live status -----------------------------------------------------------------------------------------------

  function markFresh() {
    lastOk = new Date();
    staleSince = null;
    live.className = 'fresh';
    live.textContent = 'Live · updated ' + lastOk.toLocaleTimeString();
  }

  function markStale() {
    if (!staleSince) staleSince = new Date();
    live.className = 'stale';
    live.textContent = 'Stale: server unreachable since ' + staleSince.toLocaleTimeString()
      + (lastOk ? ' (data from ' + lastOk.toLocaleTimeString() + ')' : '');
  }

  let refreshing = false;
  setInterval(async () => {
    if (!page || !page.refresh || refreshing || document.hidden) return;
    refreshing = true;
    try { await page.refresh(); } catch (e) { /* the live status tells */ } finally { refreshing = false; }
  }, REFRESH_MS);

  // ---- session ---------------------------------------------------------------------------------------------------

  function login(message) {
    page = null;
    session = null;
    document.getElementById('tenant-form').hidden = true;
    document.getElementById('forget').hidden = true;
    const input = h('input', { type: 'password', name: 'key', autocomplete: 'off', required: true, id: 'api-key' });
    const form = h('form', { class: 'login', onsubmit: async (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(KEY, input.value.trim());
      await start();
    } }, field('API key', input), h('button', { type: 'submit' }, 'Open'));
    show('Sign in', message ? h('p', { class: 'error', role: 'alert' }, message) : null,
      h('p', {}, 'The key is kept in this tab only (sessionStorage) and sent as a header with every call.'), form);
    input.focus();
  }

  async function start() {
    try {
      session = await api('GET', '/api/v1/whoami', undefined, { quiet: true });
    } catch (e) {
      if (e.status === 401) {
        const had = sessionStorage.getItem(KEY);
        sessionStorage.removeItem(KEY);
        login(had ? 'That key was refused.' : null);
      } else {
        show('Taskledger', errorBox(e), h('button', { type: 'button', onclick: start }, 'Try again'));
      }
      return;
    }
    const switcher = document.getElementById('tenant-form');
    switcher.hidden = !(session.admin || !session.keys_required);
    document.getElementById('tenant').value = sessionStorage.getItem(TENANT) || session.tenant;
    document.getElementById('forget').hidden = !session.keys_required;
    route();
  }

  document.getElementById('tenant-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = document.getElementById('tenant').value.trim();
    if (t) sessionStorage.setItem(TENANT, t); else sessionStorage.removeItem(TENANT);
    route();
  });
  document.getElementById('forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(TENANT);
    login(null);
  });

  // ---- routing ---------------------------------------------------------------------------------------------------

  function hashParts() {
    const hash = location.hash.replace(/^#\/?/, '');
    const q = hash.indexOf('?');
    const path = (q < 0 ? hash : hash.slice(0, q)).split('/').map(decodeURIComponent);
    return { path, params: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)) };
  }

  function route() {
    if (!session) return;
    const { path, params } = hashParts();
    page = null;
    const pages = { overview, tasks, task, bulk, ledger, schedules, limits };
    const render = pages[path[0]] || overview;
    render(path, params).catch((e) => show('Error', errorBox(e)));
  }
  window.addEventListener('hashchange', route);

  // ---- overview --------------------------------------------------------------------------------------------------

  async function overview() {
    const counts = h('div', { class: 'scroll' });
    const totals = h('div', {});
    const chart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Completed and failed tasks per minute, last hour' });
    const workers = h('div', { class: 'scroll' });
    const outbox = h('div', {});
    show('Overview', totals,
      h('h2', {}, 'Tasks by type and status'), counts,
      h('h2', {}, 'Completed and failed per minute, last hour'), chart,
      h('h2', {}, 'Active workers (seen in the last minute)'), workers, outbox);
    let plot = null;
    async function refresh() {
      const [stats, series, active] = await Promise.all([
        api('GET', '/api/v1/stats'), api('GET', '/api/v1/stats/throughput'), api('GET', '/api/v1/workers')]);
      redraw(totals, [stats.by_status, age(stats.oldest_ready_age_seconds)], () => h('div', { class: 'cards' },
        STATUSES.map((s) => h('a', { class: 'card ' + s, href: '#/tasks' + query({ status: s }) },
          h('span', { class: 'n', 'data-status': s }, count(stats.by_status[s])), h('span', {}, s))),
        h('div', { class: 'card' }, h('span', { class: 'n' }, age(stats.oldest_ready_age_seconds)), h('span', {}, 'oldest ready'))));
      redraw(counts, [stats.counts, (stats.oldest_ready_by_type || []).map((o) => [o.type, age(o.age_seconds)])], () => countsTable(stats));
      plot = drawChart(chart, plot, series);
      redraw(workers, active, () => workersTable(active));
      const lag = await outboxLag();
      redraw(outbox, lag, () => h('div', {}, lag && lag.enabled ? [h('h2', {}, 'Outbox'), h('p', {}, 'Messages waiting to be published: ',
        h('strong', { id: 'outbox-backlog' }, String(lag.unsent)), lag.oldest_age_seconds === undefined || lag.oldest_age_seconds === null
          ? '' : ' (oldest ' + age(lag.oldest_age_seconds) + ')')] : []));
    }
    page = { refresh };
    await refresh();
  }

  /** The outbox's backlog, for the admin key (or without keys); null for a tenant's key, which may not read it. */
  async function outboxLag() {
    if (session.keys_required && !session.admin) return null;
    try { return await api('GET', '/api/v1/outbox'); } catch (e) { if (e.status === 403) return null; throw e; }
  }

  function countsTable(stats) {
    const byType = new Map();
    for (const c of stats.counts) {
      if (!byType.has(c.type)) byType.set(c.type, {});
      byType.get(c.type)[c.status] = c.count;
    }
    const oldest = new Map((stats.oldest_ready_by_type || []).map((o) => [o.type, o.age_seconds]));
    const types = [...byType.keys()].sort();
    if (!types.length) return h('p', { class: 'empty' }, 'No tasks yet.');
    return h('table', { id: 'counts' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'type'), STATUSES.map((s) => h('th', { scope: 'col', class: 'num' }, s)),
        h('th', { scope: 'col', class: 'num' }, 'oldest ready'))),
      h('tbody', {}, types.map((t) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: '#/tasks' + query({ type: t, status: 'all' }) }, t)),
        STATUSES.map((s) => h('td', { class: 'num' }, byType.get(t)[s] ? h('a', { href: '#/tasks' + query({ type: t, status: s }) }, count(byType.get(t)[s])) : '0')),
        h('td', { class: 'num' }, age(oldest.get(t)))))));
  }

  function drawChart(box, plot, series) {
    const xs = series.minutes.map((m) => Date.parse(m.minute) / 1000);
    const data = [xs, series.minutes.map((m) => m.completed), series.minutes.map((m) => m.failed)];
    const width = Math.max(280, Math.min(box.clientWidth || 800, 1100));
    if (typeof uPlot === 'undefined') {
      box.replaceChildren(h('p', { class: 'error' }, 'The chart library did not load.'));
      return null;
    }
    if (plot && plot.width === width) {
      plot.setData(data);
      return plot;
    }
    if (plot) plot.destroy();
    box.replaceChildren();
    return new uPlot({
      width, height: 220,
      series: [{}, { label: 'completed', stroke: '#2e7d32', width: 2 }, { label: 'failed', stroke: '#c62828', width: 2 }],
      axes: [{}, { label: 'per minute' }],
      scales: { x: { time: true } },
    }, data, box);
  }

  function workersTable(active) {
    if (!active.workers.length) return h('p', { class: 'empty' }, 'No worker seen in the last minute.');
    return h('table', { id: 'workers' },
      h('thead', {}, h('tr', {}, ['worker', 'in flight', 'last seen'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, active.workers.map((w) => h('tr', {}, h('td', {}, w.worker), h('td', { class: 'num' }, String(w.in_flight)),
        h('td', {}, when(w.last_seen_at))))));
  }

  // ---- tasks -----------------------------------------------------------------------------------------------------

  // Sorting is the server's (GET /api/v1/tasks?sort=&order=), so it runs over every matching task, not one page:
  // created (any status) and priority (pending tasks only: claim order) are the sorts it serves from an index.
  const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  async function tasks(path, params) {
    const key = params.get('idempotency_key') || '';
    const filter = {
      status: params.get('status') || (key ? 'all' : 'pending'), type: params.get('type') || '', tag: params.get('tag') || '',
      created_after: params.get('created_after') || '', created_before: params.get('created_before') || '',
      idempotency_key: key, sort: params.get('sort') || '', order: params.get('order') || '',
    };
    const status = h('select', { name: 'status' }, ['all', ...STATUSES].map((s) => h('option', { value: s, selected: s === filter.status }, s)));
    const type = h('input', { name: 'type', value: filter.type, autocomplete: 'off' });
    const tag = h('input', { name: 'tag', value: filter.tag, placeholder: 'key:value', autocomplete: 'off' });
    const after = h('input', { name: 'created_after', type: 'datetime-local', step: 1, value: toLocalInput(filter.created_after) });
    const before = h('input', { name: 'created_before', type: 'datetime-local', step: 1, value: toLocalInput(filter.created_before) });
    const search = h('input', { name: 'search', type: 'search', placeholder: 'task id or idempotency key', value: key, autocomplete: 'off' });
    const go = (changes) => { location.hash = '#/tasks' + query({ ...filter, ...changes }); };
    const form = h('form', { class: 'filters', onsubmit: (ev) => {
      ev.preventDefault();
      go({ status: status.value, type: type.value.trim(), tag: tag.value.trim(),
        created_after: fromLocalInput(after.value), created_before: fromLocalInput(before.value),
        ...(status.value !== filter.status ? { sort: '', order: '' } : {}) }); // a sort may not suit another status
    } }, field('Status', status), field('Type', type), field('Tag', tag), field('Created after', after),
    field('Created before', before), h('button', { type: 'submit' }, 'Filter'));
    const searchForm = h('form', { class: 'filters', role: 'search', onsubmit: (ev) => {
      ev.preventDefault();
      const text = search.value.trim();
      if (UUID_PATTERN.test(text)) location.hash = '#/task/' + encodeURIComponent(text.toLowerCase());
      else go({ idempotency_key: text, status: text ? 'all' : filter.status, sort: '', order: '' });
    } }, field('Find a task by id or idempotency key', search), h('button', { type: 'submit' }, 'Find'));
    const list = h('div', { class: 'scroll' });
    const pager = h('div', { class: 'pager' });
    show('Tasks', form, searchForm, list, pager);

    // The order the server lists in: without sort, pending tasks come in claim order, anything else oldest first.
    const sortKey = filter.sort || (filter.status === 'pending' ? 'priority' : 'created_at');
    const descending = filter.order ? filter.order === 'desc' : sortKey === 'priority';
    const sortable = { created_at: true, priority: filter.status === 'pending' };
    const cursors = [null];
    let rows = [];
    let next = null;
    async function load() {
      const answer = await api('GET', '/api/v1/tasks' + query({ ...filter, tag: filter.tag ? [filter.tag] : [],
        limit: PAGE_SIZE, cursor: cursors[cursors.length - 1] }));
      next = answer.next_cursor;
      if (JSON.stringify(answer.tasks) === JSON.stringify(rows) && list.firstChild) return; // nothing new: keep focus
      rows = answer.tasks;
      draw();
    }
    function header(key, label) {
      if (!sortable[key]) return h('th', { scope: 'col' }, label);
      const current = key === sortKey;
      return h('th', { scope: 'col', 'aria-sort': current ? (descending ? 'descending' : 'ascending') : 'none' },
        h('button', { type: 'button', class: 'sort', 'data-sort': key,
          title: 'Sort by ' + label + (current ? (descending ? ' (now descending)' : ' (now ascending)') : ''),
          onclick: () => go({ sort: key, order: current ? (descending ? 'asc' : 'desc') : (key === 'priority' ? 'desc' : 'asc') }) },
        label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, current ? (descending ? ' ▼' : ' ▲') : '')));
    }
    function draw() {
      const columns = [['id', 'id'], ['type', 'type'], ['status', 'status'], ['priority', 'priority'],
        ['retry_count', 'attempts'], ['created_at', 'created'], ['updated_at', 'updated'], ['error', 'error']];
      list.replaceChildren(rows.length === 0 ? h('p', { class: 'empty' }, 'No tasks match.') : h('table', { id: 'tasks' },
        h('thead', {}, h('tr', {}, columns.map(([key, label]) => header(key, label)))),
        h('tbody', {}, rows.map((t) => h('tr', {},
          h('td', {}, h('a', { href: '#/task/' + t.id, class: 'mono' }, t.id)),
          h('td', {}, t.type), h('td', {}, h('span', { class: 'badge ' + t.status }, t.status)),
          h('td', { class: 'num' }, String(t.priority)), h('td', { class: 'num' }, t.retry_count + '/' + t.max_attempts),
          h('td', {}, when(t.created_at)), h('td', {}, when(t.updated_at)),
          h('td', { class: 'clip' }, t.error || ''))))));
      pager.replaceChildren(
        h('button', { type: 'button', disabled: cursors.length === 1, onclick: () => { cursors.pop(); load(); } }, 'Previous page'),
        h('span', {}, 'Page ' + cursors.length),
        h('button', { type: 'button', disabled: !next, onclick: () => { cursors.push(next); load(); } }, 'Next page'));
    }
    page = { refresh: load };
    try { await load(); } catch (e) { list.replaceChildren(errorBox(e)); }
  }

  function toLocalInput(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d)) return '';
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  }

  function fromLocalInput(value) {
    return value ? new Date(value).toISOString() : '';
  }

  // ---- one task --------------------------------------------------------------------------------------------------

  async function task(path) {
    const id = path[1] || '';
    const body = h('div', {});
    const events = h('div', { class: 'scroll' });
    const message = h('div', { role: 'status' });
    show('Task', message, body, h('h2', {}, 'Events'), events);
    const eventPages = [null];
    async function load() {
      const t = await api('GET', '/api/v1/tasks/' + encodeURIComponent(id));
      let result = null;
      if (t.status === 'completed') {
        try { result = (await api('GET', '/api/v1/tasks/' + t.id + '/result')).result; } catch (e) { result = undefined; }
      }
      body.replaceChildren(details(t), actions(t),
        h('h2', {}, 'Payload'), json(t.payload), h('h2', {}, 'Metadata'), json(t.metadata),
        h('h2', {}, 'Tags'), tagsTable(t.tags || {}),
        h('h2', {}, 'Result'), json(result), h('h2', {}, 'Error'), h('pre', { class: 'json', id: 'task-error' }, t.error || '—'));
      await loadEvents(t.id);
    }
    async function loadEvents(taskId) {
      const answer = await api('GET', '/api/v1/tasks/' + taskId + '/events' + query({ limit: PAGE_SIZE, cursor: eventPages[eventPages.length - 1] }));
      events.replaceChildren(h('table', { id: 'events' },
        h('thead', {}, h('tr', {}, ['time', 'status', 'state', 'actor', 'detail'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, answer.events.map((e) => h('tr', {}, h('td', {}, when(e.created_at)), h('td', {}, e.status),
          h('td', {}, e.state || ''), h('td', {}, e.actor), h('td', { class: 'mono' }, e.detail ? JSON.stringify(e.detail) : ''))))),
      h('div', { class: 'pager' },
        h('button', { type: 'button', disabled: eventPages.length === 1, onclick: () => { eventPages.pop(); loadEvents(taskId); } }, 'Newer events'),
        h('span', {}, 'Page ' + eventPages.length),
        h('button', { type: 'button', disabled: !answer.next_cursor, onclick: () => { eventPages.push(answer.next_cursor); loadEvents(taskId); } }, 'Older events')));
    }
    function details(t) {
      const rows = [['id', t.id], ['type', t.type], ['status', t.status], ['state', t.state], ['priority', t.priority],
        ['progress', t.progress + ' %'], ['attempts', t.retry_count + ' of ' + t.max_attempts], ['run at', when(t.run_at)],
        ['created', when(t.created_at)], ['started', when(t.started_at)], ['finished', when(t.finished_at)],
        ['lease owner', t.worker || '—'], ['lease expires', when(t.lease_expires_at)], ['version', t.version]];
      return h('dl', { class: 'details', id: 'task-details' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-field': k }, String(v))]));
    }
    function actions(t) {
      const priority = h('input', { type: 'number', name: 'priority', min: -32768, max: 32767, value: t.priority, required: true });
      const act = (label, question, call) => h('button', { type: 'button', class: label === 'Delete' ? 'danger' : '', onclick: async () => {
        if (!await confirmAction(question)) return;
        try {
          await call();
          message.replaceChildren(h('p', { class: 'ok' }, label + ': done.'));
          if (label === 'Delete') { location.hash = '#/tasks'; return; }
          await load();
        } catch (e) { message.replaceChildren(errorBox(e)); }
      } }, label);
      const base = '/api/v1/tasks/' + t.id;
      return h('div', { class: 'actions' },
        (t.status === 'failed' || t.status === 'cancelled') ? act('Retry', 'Retry this task? It goes back to pending with its attempts reset.', () => api('POST', base + '/retry', {})) : null,
        (t.status === 'waiting' || t.status === 'pending' || t.status === 'processing') ? act('Cancel', 'Cancel this task?', () => api('POST', base + '/cancel', {})) : null,
        act('Delete', 'Delete this task, its events and its result? This cannot be undone.', () => api('DELETE', base)),
        h('form', { class: 'inline', onsubmit: async (ev) => {
          ev.preventDefault();
          if (!await confirmAction('Set the priority to ' + priority.value + '?')) return;
          try {
            await api('PATCH', base, { priority: Number(priority.value) });
            message.replaceChildren(h('p', { class: 'ok' }, 'Priority changed.'));
            await load();
          } catch (e) { message.replaceChildren(errorBox(e)); }
        } }, field('Priority', priority), h('button', { type: 'submit' }, 'Change priority')));
    }
    try { await load(); } catch (e) { body.replaceChildren(errorBox(e)); }
  }

  function tagsTable(tags) {
    const keys = Object.keys(tags).sort();
    if (!keys.length) return h('p', { class: 'empty' }, 'No tags.');
    return h('table', {}, h('tbody', {}, keys.map((k) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, tags[k])))));
  }

  // ---- bulk actions ----------------------------------------------------------------------------------------------

  async function bulk() {
    const action = h('select', { name: 'action', id: 'bulk-action' }, ['retry', 'cancel', 'delete'].map((a) => h('option', { value: a }, a)));
    const status = h('select', { name: 'status', id: 'bulk-status' }, ['failed', 'cancelled', 'pending', 'waiting', 'processing', 'completed', 'all'].map((s) => h('option', { value: s }, s)));
    const type = h('input', { name: 'type', id: 'bulk-type', autocomplete: 'off' });
    const tag = h('input', { name: 'tag', id: 'bulk-tag', placeholder: 'key:value', autocomplete: 'off' });
    const after = h('input', { name: 'created_after', type: 'datetime-local', step: 1 });
    const before = h('input', { name: 'created_before', type: 'datetime-local', step: 1 });
    const outcome = h('div', { id: 'bulk-outcome', role: 'status', 'aria-live': 'polite' });
    const apply = h('button', { type: 'button', id: 'bulk-apply', class: 'danger', disabled: true }, 'Apply');
    let previewed = null;
    function request(dryRun) {
      const filter = { status: status.value };
      if (type.value.trim()) filter.type = type.value.trim();
      if (tag.value.trim()) {
        const t = tag.value.trim();
        const colon = t.indexOf(':');
        if (colon <= 0) throw new ApiError(422, { title: 'Invalid tag', detail: 'a tag filter is key:value' });
        filter.tags = { [t.slice(0, colon)]: t.slice(colon + 1) };
      }
      if (after.value) filter.created_after = fromLocalInput(after.value);
      if (before.value) filter.created_before = fromLocalInput(before.value);
      return { filter, dry_run: dryRun };
    }
    const form = h('form', { class: 'filters', onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const body = request(true);
        const answer = await api('POST', '/api/v1/tasks/bulk/' + action.value, body);
        previewed = { action: action.value, body };
        outcome.replaceChildren(h('p', {}, h('strong', { id: 'bulk-preview-count' }, String(answer.matched)),
          ' task' + (answer.matched === 1 ? '' : 's') + ' would be ' + past(action.value) + (answer.more ? ' in this call (more remain)' : '') + '.'));
        apply.disabled = answer.matched === 0;
      } catch (e) { outcome.replaceChildren(errorBox(e)); apply.disabled = true; }
    }, oninput: () => { apply.disabled = true; previewed = null; } },
    field('Action', action), field('Status', status), field('Type', type), field('Tag', tag),
    field('Created after', after), field('Created before', before), h('button', { type: 'submit', id: 'bulk-preview' }, 'Preview'));
    apply.addEventListener('click', async () => {
      if (!previewed) return;
      const count = document.getElementById('bulk-preview-count').textContent;
      if (!await confirmAction(previewed.action + ' ' + count + ' task(s)? Each gets its audit event.')) return;
      try {
        const answer = await api('POST', '/api/v1/tasks/bulk/' + previewed.action, { ...previewed.body, dry_run: false });
        outcome.replaceChildren(h('p', { class: 'ok' }, h('strong', { id: 'bulk-applied' }, String(answer.applied)),
          ' task(s) ' + past(previewed.action) + '.' + (answer.more ? ' More remain: preview and apply again.' : '')));
      } catch (e) { outcome.replaceChildren(errorBox(e)); }
      apply.disabled = true;
      previewed = null;
    });
    show('Bulk actions', h('p', {}, 'Retry, cancel or delete every task a filter selects. Preview the count first; '
      + 'the server acts in batches and records an event for every task.'), form, outcome, apply);
  }

  function past(action) {
    return { retry: 'retried', cancel: 'cancelled', delete: 'deleted' }[action];
  }

  // ---- ledger ----------------------------------------------------------------------------------------------------

  async function ledger(path, params) {
    const name = params.get('task_name');
    const summary = h('div', { class: 'scroll' });
    const detail = h('div', {});
    show('Ledger', summary, detail);
    async function loadSummary() {
      const answer = await api('GET', '/api/v1/ledger/summary');
      redraw(summary, answer, () => answer.summaries.length === 0 ? h('p', { class: 'empty' }, 'The ledger is empty.') : h('table', { id: 'ledger-summary' },
        h('thead', {}, h('tr', {}, ['task_name', 'entries', 'status', 'first attempt', 'last attempt', 'retries'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, answer.summaries.map((s) => h('tr', {},
          h('th', { scope: 'row' }, h('a', { href: '#/ledger' + query({ task_name: s.task_name }) }, s.task_name)),
          h('td', { class: 'num' }, count(s.total)), h('td', {}, statusBar(s)),
          h('td', {}, when(s.first_attempt)), h('td', {}, when(s.last_attempt)), h('td', { class: 'num' }, String(s.total_retries)))))));
    }
    page = { refresh: loadSummary };
    await loadSummary();
    if (name !== null) detail.replaceChildren(ledgerDetail(name, params.get('status') || ''));
  }

  function statusBar(s) {
    const bar = h('div', { class: 'bar', role: 'img', 'aria-label': LEDGER_STATUSES.map((k) => k + ' ' + (s.by_status[k] || 0)).join(', ') });
    for (const k of LEDGER_STATUSES) {
      const n = s.by_status[k] || 0;
      if (!n) continue;
      const part = h('span', { class: 'part ' + k, title: k + ': ' + n });
      part.style.flexGrow = String(n); // CSSOM, which the Content-Security-Policy allows (a style attribute it would not)
      bar.append(part);
    }
    return h('div', { class: 'barbox' }, bar, h('span', { class: 'legend' }, LEDGER_STATUSES.filter((k) => s.by_status[k]).map((k) => k + ' ' + s.by_status[k]).join(' · ')));
  }

  function ledgerDetail(name, statusFilter) {
    const box = h('section', { 'aria-label': 'Ledger task ' + name });
    const status = h('select', { name: 'status' }, ['', ...LEDGER_STATUSES].map((s) => h('option', { value: s, selected: s === statusFilter }, s || 'any')));
    const entries = h('div', { class: 'scroll' });
    const pager = h('div', { class: 'pager' });
    const cursors = [null];
    async function load() {
      const answer = await api('GET', '/api/v1/ledger' + query({ task_name: name, status: status.value, limit: PAGE_SIZE, cursor: cursors[cursors.length - 1] }));
      entries.replaceChildren(answer.entries.length === 0 ? h('p', { class: 'empty' }, 'No entries match.') : h('table', { id: 'ledger-entries' },
        h('thead', {}, h('tr', {}, ['item', 'status', 'retries', 'note', 'created', 'updated'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, answer.entries.map((e) => h('tr', {}, h('td', { class: 'mono' }, e.task_item), h('td', {}, h('span', { class: 'badge ' + e.status }, e.status)),
          h('td', { class: 'num' }, String(e.retries)), h('td', { class: 'clip' }, e.note || ''), h('td', {}, when(e.created)), h('td', {}, when(e.updated)))))));
      pager.replaceChildren(
        h('button', { type: 'button', disabled: cursors.length === 1, onclick: () => { cursors.pop(); load(); } }, 'Previous page'),
        h('span', {}, 'Page ' + cursors.length),
        h('button', { type: 'button', disabled: !answer.next_cursor, onclick: () => { cursors.push(answer.next_cursor); load(); } }, 'Next page'));
    }
    const exportLinks = ['csv', 'ndjson'].map((format) => h('button', { type: 'button', id: 'export-' + format, onclick: async () => {
      try {
        const res = await api('GET', '/api/v1/ledger/export' + query({ task_name: name, status: status.value, format }), undefined, { raw: true });
        saveBlob(await res.blob(), safeName(name) + '.' + format);
      } catch (e) { entries.prepend(errorBox(e)); }
    } }, 'Export ' + format.toUpperCase()));
    box.append(h('h2', {}, 'Entries of ', h('span', { class: 'mono' }, name)),
      h('form', { class: 'filters', onsubmit: (ev) => { ev.preventDefault(); cursors.length = 1; load(); } },
        field('Status', status), h('button', { type: 'submit' }, 'Filter'), ...exportLinks),
      entries, pager, reconcile(name));
    load().catch((e) => entries.replaceChildren(errorBox(e)));
    return box;
  }

  function safeName(name) {
    return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'ledger';
  }

  /** Items of a pasted or uploaded list: one per line, or the first column of CSV (a header named item is skipped). */
  function parseItems(text, csv) {
    const items = [];
    for (const raw of text.split(/\r?\n/)) {
      let line = raw;
      if (csv) {
        const m = /^\s*"((?:[^"]|"")*)"/.exec(line);
        line = m ? m[1].replace(/""/g, '"') : line.split(',')[0];
      }
      line = line.trim();
      if (line) items.push(line);
    }
    if (csv && items.length && /^(task_)?item$/i.test(items[0])) items.shift();
    return items;
  }

  function reconcile(name) {
    const text = h('textarea', { name: 'items', rows: 5, placeholder: 'one item per line' });
    const file = h('input', { type: 'file', name: 'file', id: 'reconcile-file', accept: '.txt,.csv,text/plain,text/csv' });
    const out = h('div', { id: 'reconcile-outcome', role: 'status', 'aria-live': 'polite' });
    const form = h('form', { class: 'reconcile', onsubmit: async (ev) => {
      ev.preventDefault();
      let items = parseItems(text.value, false);
      if (file.files.length) {
        const f = file.files[0];
        items = items.concat(parseItems(await f.text(), /\.csv$/i.test(f.name) || f.type === 'text/csv'));
      }
      if (!items.length) { out.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Paste or upload the items that should have been done.')); return; }
      if (items.length > MAX_RECONCILE_ITEMS) { out.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'At most 100,000 items, got ' + items.length + '.')); return; }
      try {
        const report = await api('POST', '/api/v1/ledger/reconcile' + query({ task_name: name }), { items });
        out.replaceChildren(reconcileReport(name, report));
      } catch (e) { out.replaceChildren(errorBox(e)); }
    } }, h('h2', {}, 'Reconcile'), field('Expected items (pasted)', text), field('or upload a list (text or CSV)', file),
    h('button', { type: 'submit', id: 'reconcile-run' }, 'Reconcile'), out);
    return form;
  }

  function reconcileReport(name, r) {
    const shown = 1000;
    return h('div', {},
      h('p', {}, 'Expected ', h('strong', {}, String(r.expected)), ', ok ', h('strong', {}, String(r.ok)),
        ', missing ', h('strong', { id: 'missing-count' }, String(r.missing.length)), ', not ok ', h('strong', { id: 'not-ok-count' }, String(r.not_ok.length)), '.'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => saveBlob(new Blob([r.missing.join('\n') + '\n'], { type: 'text/plain' }), safeName(name) + '-missing.txt') }, 'Download missing'),
        h('button', { type: 'button', onclick: () => saveBlob(new Blob([toCsv(r.not_ok)], { type: 'text/csv' }), safeName(name) + '-not-ok.csv') }, 'Download not ok')),
      h('h3', {}, 'Missing'), r.missing.length ? h('ul', { id: 'missing' }, r.missing.slice(0, shown).map((m) => h('li', { class: 'mono' }, m))) : h('p', {}, 'None.'),
      r.missing.length > shown ? h('p', {}, '… and ' + (r.missing.length - shown) + ' more in the download.') : null,
      h('h3', {}, 'Not ok'), r.not_ok.length ? h('ul', { id: 'not-ok' }, r.not_ok.slice(0, shown).map((e) => h('li', {}, h('span', { class: 'mono' }, e.task_item), ' ', h('span', { class: 'badge ' + e.status }, e.status), e.note ? ' ' + e.note : ''))) : h('p', {}, 'None.'));
  }

  function toCsv(entries) {
    const cell = (v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    return ['task_item,status,retries,note,updated', ...entries.map((e) => [e.task_item, e.status, e.retries, e.note, e.updated].map(cell).join(','))].join('\n') + '\n';
  }

  // ---- schedules -------------------------------------------------------------------------------------------------

  async function schedules(path, params) {
    const chosen = params.get('id');
    const list = h('div', { class: 'scroll' });
    const pager = h('div', { class: 'pager' });
    const message = h('div', { role: 'status', 'aria-live': 'polite' });
    const detail = h('section', { id: 'schedule-detail' });
    show('Schedules', h('p', {}, 'Recurring tasks: each schedule creates a task from its template at every fire time.'),
      message, list, pager, detail);
    const cursors = [null];
    let next = null;
    async function load() {
      const answer = await api('GET', '/api/v1/schedules' + query({ limit: PAGE_SIZE, cursor: cursors[cursors.length - 1] }));
      next = answer.next_cursor;
      redraw(list, answer.schedules, () => schedulesTable(answer.schedules));
      pager.replaceChildren(
        h('button', { type: 'button', disabled: cursors.length === 1, onclick: () => { cursors.pop(); load(); } }, 'Previous page'),
        h('span', {}, 'Page ' + cursors.length),
        h('button', { type: 'button', disabled: !next, onclick: () => { cursors.push(next); load(); } }, 'Next page'));
    }
    function schedulesTable(rows) {
      if (!rows.length) return h('p', { class: 'empty' }, 'No schedules yet.');
      return h('table', { id: 'schedules' },
        h('thead', {}, h('tr', {}, ['name', 'task type', 'cron / every', 'time zone', 'paused', 'next fire', 'last fire',
          'last task', 'its status', 'actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((s) => h('tr', { 'data-id': s.id },
          h('th', { scope: 'row' }, h('a', { href: '#/schedules' + query({ id: s.id }) }, s.name)),
          h('td', {}, s.task ? s.task.type : ''),
          h('td', { class: 'mono' }, s.cron || (s.every ? 'every ' + s.every : '—')),
          h('td', {}, s.time_zone || 'UTC'),
          h('td', { 'data-field': 'paused' }, s.paused ? 'paused' : 'no'),
          h('td', {}, when(s.next_fire_at)), h('td', {}, when(s.last_fire_at)),
          h('td', {}, s.last_task_id ? h('a', { href: '#/task/' + encodeURIComponent(s.last_task_id), class: 'mono' }, s.last_task_id) : '—'),
          h('td', {}, s.last_task_status ? h('span', { class: 'badge ' + s.last_task_status }, s.last_task_status) : '—'),
          h('td', {}, h('div', { class: 'actions' }, pauseButton(s),
            h('a', { href: '#/schedules' + query({ id: s.id }) }, 'Next fire times')))))));
    }
    function pauseButton(s) {
      const verb = s.paused ? 'Resume' : 'Pause';
      const question = s.paused ? 'Resume the schedule ' + s.name + '? It fires from its next fire time after now.'
        : 'Pause the schedule ' + s.name + '? It creates no task until resumed.';
      return h('button', { type: 'button', class: 'pause', onclick: async () => {
        if (!await confirmAction(question)) return;
        try {
          await api('POST', '/api/v1/schedules/' + encodeURIComponent(s.id) + '/' + verb.toLowerCase());
          message.replaceChildren(h('p', { class: 'ok' }, verb + 'd: ', s.name));
          await load();
          if (chosen === s.id) await loadDetail();
        } catch (e) { message.replaceChildren(errorBox(e)); }
      } }, verb);
    }
    async function loadDetail() {
      const id = encodeURIComponent(chosen);
      const [s, fires] = await Promise.all([api('GET', '/api/v1/schedules/' + id), api('GET', '/api/v1/schedules/' + id + '/next' + query({ count: 5 }))]);
      detail.replaceChildren(h('div', {}, h('h2', {}, 'Schedule ', h('span', { class: 'mono' }, s.name)),
        h('dl', { class: 'details' }, [['id', s.id], ['task type', s.task ? s.task.type : ''], ['misfire', s.misfire], ['overlap', s.overlap],
          ['paused', s.paused ? 'paused' : 'no'], ['version', s.version], ['created', when(s.created_at)], ['updated', when(s.updated_at)]]
          .map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])),
        h('h3', {}, 'Next fire times'), s.paused ? h('p', { class: 'empty' }, 'Paused: these fire only once it is resumed.') : null,
        fires.fire_times.length ? h('ol', { id: 'next-fire-times' }, fires.fire_times.map((t) => h('li', { class: 'mono' },
          h('span', { class: 'utc' }, when(t)), ' (' + wallClock(t, s.time_zone) + ')')))
          : h('p', { class: 'empty' }, 'It never fires again.')));
    }
    page = { refresh: load };
    try { await load(); } catch (e) { list.replaceChildren(errorBox(e)); }
    if (chosen) {
      try { await loadDetail(); } catch (e) { detail.replaceChildren(errorBox(e)); }
    }
  }

  /** {@code iso} as the wall-clock time in {@code zone} (an IANA name): 2026-03-29 03:00 Europe/Berlin. */
  function wallClock(iso, zone) {
    const tz = zone || 'UTC';
    try {
      return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso)) + ' ' + tz;
    } catch (e) {
      return tz;
    }
  }

  // ---- limits ----------------------------------------------------------------------------------------------------

  async function limits() {
    const list = h('div', { class: 'scroll' });
    show('Limits', h('p', {}, 'The tenant\u2019s concurrency and rate limits with their use now: tasks running under a live lease, '
      + 'and starts in the current rate window.'), list);
    async function load() {
      const answer = await api('GET', '/api/v1/limits');
      redraw(list, answer.limits, () => limitsTable(answer.limits));
    }
    page = { refresh: load };
    try { await load(); } catch (e) { list.replaceChildren(errorBox(e)); }
  }

  function limitsTable(rows) {
    if (!rows.length) return h('p', { class: 'empty' }, 'No limits: claims take any ready task.');
    const usage = (used, max, label) => max === null || max === undefined ? '—'
      : h('span', { class: 'usage' }, h('meter', { min: 0, max: Math.max(max, 1), value: Math.min(used || 0, max), 'aria-label': label }),
        h('span', { class: 'used' }, (used || 0) + ' / ' + max));
    return h('table', { id: 'limits' },
      h('thead', {}, h('tr', {}, ['type', 'concurrency key', 'running / max_running', 'rate', 'started in period / rate',
        'rate limited until', 'updated'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((l) => h('tr', {},
        h('td', {}, l.type || '(any type)'), h('td', { class: 'mono' }, l.concurrency_key === undefined || l.concurrency_key === null ? '(any key)' : l.concurrency_key),
        h('td', { 'data-field': 'running' }, usage(l.running, l.max_running, 'running of max_running')),
        h('td', {}, l.rate ? l.rate.count + ' per ' + l.rate.period_seconds + ' s' : '—'),
        h('td', { 'data-field': 'started' }, l.rate ? usage(l.started_in_period, l.rate.count, 'starts of the rate') : '—'),
        h('td', {}, when(l.rate_limited_until)), h('td', {}, when(l.updated_at))))));
  }

  start();
})();
