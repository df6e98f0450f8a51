// The tenant portal. Every figure shown is the API's own decimal string, placed with textContent:
// nothing from the API is ever parsed as HTML, and nothing is rounded here. The chart plots numbers,
// but its labels and tooltips show the strings.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const $ = (id) => document.getElementById(id);

class SignedOut extends Error {}

/** A same-origin call to the API: the session cookie authenticates it, nothing else is sent. */
async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (response.status === 401) throw new SignedOut();
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function money(amount, currency) {
  return amount === null || amount === undefined ? '—' : `${amount} ${currency}`;
}

/** Today's date where the tenant is, as the API's `from`/`to` dates take it (YYYY-MM-DD). */
function localDate(zone, daysFromToday) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + daysFromToday)).toISOString().slice(0, 10);
}

const palette = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2'];
let chart;
let state;

/** The bucket's start as the API wrote it, in the tenant's zone: its date, and its hour where the chart is hourly. */
function labelOf(start, granularity) {
  return granularity === 'day' ? start.slice(0, 10) : `${start.slice(0, 10)} ${start.slice(11, 16)}`;
}

async function showUsage() {
  const granularity = $('granularity').value;
  const { tenantId, zone, period } = state;
  // Hourly: yesterday and today; daily: the billing period.
  const [from, to] = granularity === 'hour' ? [localDate(zone, -1), localDate(zone, 1)] : [period.localStart, period.localEnd];
  const query = new URLSearchParams({ from, to, granularity, tz: zone, groupBy: 'gpuModel' });
  const report = await api(`/v1/usage?${query}`);
  $('zone').textContent = `(${report.timeZone})`;

  const labels = [...new Set(report.buckets.map((b) => labelOf(b.start, granularity)))];
  const models = [...new Set(report.buckets.map((b) => b.gpuModel ?? 'unknown'))].sort();
  const datasets = models.map((model, i) => {
    const texts = labels.map(() => null);
    for (const b of report.buckets.filter((b) => (b.gpuModel ?? 'unknown') === model)) texts[labels.indexOf(labelOf(b.start, granularity))] = b.gpuHours;
    return { label: model, texts, data: texts.map((t) => (t === null ? null : Number(t))), backgroundColor: palette[i % palette.length] };
  });
  if (chart) chart.destroy();
  chart = new Chart($('usage-chart'), {
    type: 'bar',
    data: { labels, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'GPU-hours' } } },
      plugins: {
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.dataset.texts[item.dataIndex]} GPU-hours` } },
      },
    },
  });
  // For the browser test and an operator's console: the chart as drawn, with the query it shows.
  globalThis.portalUsage = { chart, query: `/v1/usage?${query}` };

  const body = $('usage-table').tBodies[0];
  body.replaceChildren();
  for (const b of report.buckets) {
    const row = body.insertRow();
    cell(row, labelOf(b.start, granularity));
    cell(row, b.gpuModel ?? 'unknown');
    cell(row, b.gpuHours, 'number');
  }
}

function showCurrentInvoice(invoice) {
  const body = $('current-lines').tBodies[0];
  const foot = $('current-lines').tFoot;
  body.replaceChildren();
  foot.replaceChildren();
  if (!invoice) {
    $('current-period').textContent = 'No invoice is open for this period.';
    $('running-cost').textContent = '—';
    return;
  }
  $('current-period').textContent = `${invoice.period.localStart} to ${invoice.period.localEnd} (${invoice.status})`;
  $('running-cost').textContent = money(invoice.total, invoice.currency);
  for (const line of invoice.lines) {
    const row = body.insertRow();
    row.dataset.line = String(line.number);
    cell(row, line.description);
    cell(row, `${line.quantity} ${line.unit}`, 'number');
    cell(row, money(line.amount, invoice.currency), 'number');
  }
  const totals = [['Subtotal', invoice.subtotal], ['Tax', invoice.tax], ['Total', invoice.total]];
  if (invoice.amountDue !== null && invoice.amountDue !== undefined) totals.push(['Amount due', invoice.amountDue]);
  for (const [name, amount] of totals) {
    const row = foot.insertRow();
    cell(row, name);
    cell(row, '');
    cell(row, money(amount, invoice.currency), 'number');
  }
}

function showInvoices(page) {
  const body = $('invoice-list').tBodies[0];
  body.replaceChildren();
  for (const invoice of page?.invoices ?? []) {
    const row = body.insertRow();
    cell(row, `${invoice.period.localStart} to ${invoice.period.localEnd}`);
    cell(row, invoice.invoiceNumber ? `${invoice.status} ${invoice.invoiceNumber}` : invoice.status);
    cell(row, invoice.total === null ? '—' : money(invoice.total, invoice.currencyCode), 'number');
    const links = cell(row, '');
    for (const format of ['html', 'csv']) {
      const a = document.createElement('a');
      a.href = `/v1/invoices/${encodeURIComponent(invoice.id)}/download?format=${format}`;
      a.textContent = format.toUpperCase();
      if (format === 'csv') a.download = '';
      links.append(a, ' ');
    }
  }
}

/** Each credit note with the invoice it credits: its own document (the API's JSON) and the invoice's printable page. */
function showCreditNotes(page) {
  const body = $('credit-note-list').tBodies[0];
  body.replaceChildren();
  const notes = page?.items ?? [];
  $('no-credit-notes').hidden = notes.length > 0;
  for (const { id, invoiceId, invoiceNumber, note } of notes) {
    const row = body.insertRow();
    cell(row, id);
    cell(row, invoiceNumber);
    cell(row, note.issueDate);
    cell(row, note.reason, 'wide');
    cell(row, money(note.total, note.currency), 'number');
    const links = cell(row, '');
    const json = document.createElement('a');
    json.href = `/v1/credit-notes/${encodeURIComponent(id)}`;
    json.download = `${id}.json`;
    json.textContent = 'JSON';
    const invoice = document.createElement('a');
    invoice.href = `/v1/invoices/${encodeURIComponent(invoiceId)}/download?format=html`;
    invoice.textContent = 'Invoice';
    links.append(json, ' ', invoice);
  }
}

/** The tenant's own GPUs that it held while they idled this period, at its own idle level; never a cost. */
async function showIdleGpus(tenantId, period) {
  const query = `/v1/fleet/tenants/${encodeURIComponent(tenantId)}/idle-gpus?${new URLSearchParams({ from: period.start, to: period.end, limit: '50' })}`;
  const report = await api(query);
  const body = $('idle-gpus').tBodies[0];
  body.replaceChildren();
  $('idle-level').textContent = report
    ? `GPUs you held that averaged below ${report.idleBelowPercent} % utilization this billing period.`
    : 'No idle GPUs are reported for this tenant.';
  for (const gpu of report?.groups ?? []) {
    const row = body.insertRow();
    cell(row, gpu.migProfile ? `${gpu.gpuUuid} (${gpu.migProfile})` : gpu.gpuUuid);
    cell(row, gpu.model);
    cell(row, gpu.nodeId);
    cell(row, String(gpu.allocatedIdleGpuSeconds), 'number');
    cell(row, gpu.idleShareOfAllocated === null ? '—' : String(gpu.idleShareOfAllocated), 'number');
  }
  // For the browser test: the query whose answer the table shows.
  globalThis.portalIdle = { query };
}

const recentDeliveries = 10;

/**
 * A section read from a service of its own (fleet, webhooks): where that service does not answer,
 * the section says so and the rest of the page stands.
 */
async function section(errorId, step) {
  $(errorId).textContent = '';
  try {
    await step();
  } catch (error) {
    if (error instanceof SignedOut) throw error;
    $(errorId).textContent = `Not available now: ${error.message}`;
  }
}

/** Each subscription (never its secret: the API shows that once, to whoever creates it) with its newest deliveries. */
async function showWebhooks() {
  const list = $('webhook-list');
  const all = (await api('/v1/webhooks/subscriptions')) ?? [];
  const deliveries = await Promise.all(all.map((s) => api(`/v1/webhooks/subscriptions/${encodeURIComponent(s.id)}/deliveries`)));
  const articles = all.map((subscription, i) => {
    const article = document.createElement('article');
    article.className = 'subscription';
    article.dataset.id = subscription.id;
    const url = document.createElement('p');
    url.className = 'url';
    url.textContent = subscription.url;
    const about = document.createElement('p');
    about.className = 'note';
    const events = subscription.eventTypes.length ? subscription.eventTypes.join(', ') : 'every event';
    about.textContent = subscription.enabled ? `${events}; enabled` : `${events}; disabled: ${subscription.disabledReason ?? ''}`;
    const table = document.createElement('table');
    table.className = 'deliveries';
    const head = table.createTHead().insertRow();
    for (const title of ['Event', 'State', 'Attempts', 'Last attempt']) {
      const th = document.createElement('th');
      th.textContent = title;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const delivery of (deliveries[i] ?? []).slice(0, recentDeliveries)) {
      const row = body.insertRow();
      cell(row, delivery.eventType);
      cell(row, delivery.state);
      cell(row, String(delivery.attempts.length), 'number');
      const last = delivery.attempts.at(-1);
      cell(row, last ? `${last.at} ${last.status ?? last.error ?? ''}` : `next at ${delivery.nextAttemptAt ?? '—'}`);
    }
    article.append(url, about, table);
    return article;
  });
  if (articles.length === 0) {
    const none = document.createElement('p');
    none.className = 'note';
    none.textContent = 'No webhook subscriptions.';
    articles.push(none);
  }
  list.replaceChildren(...articles);
}

function showStanding(standing, credits) {
  const list = $('standing');
  list.replaceChildren();
  const add = (term, value) => {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value ?? '—';
    list.append(dt, dd);
  };
  if (standing) {
    add('Standing', standing.status);
    add('Credit left', money(standing.balance, standing.currency));
    add('Burn rate', standing.burnRatePerHour === null ? null : `${money(standing.burnRatePerHour, standing.currency)} per hour`);
    add('Runs out', standing.projectedDepletion);
    add('Charges this period', money(standing.periodCharges, standing.currency));
    add('Usage counted through', standing.usageThrough);
  }
  if (credits) {
    add('Promotional credit', money(credits.promotional, credits.currency));
    add('Purchased credit', money(credits.purchased, credits.currency));
  }
  if (!standing && !credits) add('Credit', 'No credit account.');
}

async function showAccount() {
  const me = await api('/v1/me');
  const tenantId = me.principalId;
  const id = encodeURIComponent(tenantId);
  const [account, invoice, invoices, standing, credits, creditNotes] = await Promise.all([
    api(`/v1/billing-accounts/${id}`),
    api('/v1/invoices/current'),
    api('/v1/invoices?limit=50'),
    api(`/v1/standing/${id}`),
    api(`/v1/credits/${id}`),
    api('/v1/credit-notes?limit=50'),
  ]);
  $('tenant').textContent = tenantId;
  $('who').hidden = false;
  $('sign-in').hidden = true;
  $('account').hidden = false;
  showCurrentInvoice(invoice);
  showInvoices(invoices);
  showStanding(standing, credits);
  showCreditNotes(creditNotes);
  await section('webhooks-error', showWebhooks);
  if (!account || !invoice) {
    $('error').textContent = 'This tenant has no billing account yet: usage is shown once it has one.';
    return;
  }
  state = { tenantId, zone: account.account.timeZoneId, period: invoice.period };
  await Promise.all([section('idle-error', () => showIdleGpus(tenantId, invoice.period)), showUsage()]);
}

function showSignIn(message) {
  $('who').hidden = true;
  $('account').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message ?? '';
  $('key').focus();
}

async function run(step) {
  try {
    await step();
  } catch (error) {
    if (error instanceof SignedOut) showSignIn();
    else $('error').textContent = `Something failed: ${error.message}`;
  }
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('key');
  const key = input.value;
  // The key leaves the page with this request and is kept nowhere in it.
  input.value = '';
  const response = await fetch('/portal/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    showSignIn(problem.title ?? `Sign-in failed (${response.status}).`);
    return;
  }
  await run(showAccount);
});

$('sign-out').addEventListener('click', async () => {
  await fetch('/portal/session', { method: 'DELETE' });
  showSignIn();
});

$('granularity').addEventListener('change', () => run(showUsage));

run(showAccount);
