// Settings: what the coach is told when a transcription ends (e-mail, desktop, webhooks), and their
// webhook endpoints with every delivery and attempt.
import { getJson, sendJson } from './api.js';
import { formatDateTime } from './format.js';
import {
  askPermission, getPreferences, notificationsSupported, permission, savePreferences,
} from './notify.js';
import { announce } from './ui.js';

const $ = (id) => document.getElementById(id);

let me = null;
let webhooks = [];

// ---------- preferences ----------

function showPreferences(p) {
  $('notify-loading').hidden = true;
  $('notify-form').hidden = false;
  $('email-off').hidden = !!p.email_available;
  $('notify-email').value = p.email || p.suggested_email || '';
  // Empty means "my account's address", shown where the coach would type.
  $('notify-email').placeholder = p.email_to || 'ana@example.com';
  const hint = $('notify-email-hint');
  if (p.email) hint.textContent = 'The address you chose. Clear it to use your account’s.';
  else if (p.email_to) hint.textContent = `Your account’s address (${p.email_to}) is used; enter another to change it.`;
  else if (p.suggested_email) hint.textContent = 'From your sign-in. Save to get e-mail there.';
  else hint.textContent = 'We have no address for you yet: enter one to get e-mail.';
  $('email-failure').checked = p.email_on_failure;
  $('email-completion').checked = p.email_on_completion;
  $('completion-minutes').value = String(p.completion_min_minutes);
  $('desktop-completion').checked = p.desktop_on_completion;
  $('webhooks-on').checked = p.webhooks;
  showPermission();
}

function showPermission() {
  const state = permission();
  const text = {
    granted: 'This browser allows CoachTrack’s notifications.',
    denied: 'This browser blocks CoachTrack’s notifications: allow them in the site settings (the icon left of the address).',
    default: 'This browser has not been asked yet.',
    unsupported: 'This browser cannot show desktop notifications.',
  }[state];
  $('desktop-permission').textContent = text;
  $('desktop-allow').hidden = state !== 'default';
}

async function loadPreferences() {
  try {
    showPreferences(await getPreferences());
  } catch (e) {
    $('notify-loading').textContent = `Your notification settings could not be loaded. ${e.message}`;
  }
}

async function onSavePreferences(e) {
  e.preventDefault();
  $('notify-error').hidden = true;
  $('notify-done').hidden = true;
  const minutes = Number($('completion-minutes').value);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    $('notify-error').textContent = 'Enter a whole number of minutes from 0 to 1440.';
    $('notify-error').hidden = false;
    $('completion-minutes').focus();
    return;
  }
  const button = $('notify-save');
  button.disabled = true;
  try {
    const saved = await savePreferences({
      email: $('notify-email').value.trim(),
      email_on_failure: $('email-failure').checked,
      email_on_completion: $('email-completion').checked,
      completion_min_minutes: minutes,
      desktop_on_completion: $('desktop-completion').checked,
      webhooks: $('webhooks-on').checked,
    });
    showPreferences(saved);
    $('notify-done').textContent = 'Saved.';
    $('notify-done').hidden = false;
    announce('Notification settings saved');
  } catch (err) {
    $('notify-error').textContent = err.message;
    $('notify-error').hidden = false;
    if (err.code === 'invalid_email') $('notify-email').focus();
  } finally {
    button.disabled = false;
  }
}

async function onAllowDesktop() {
  const result = await askPermission();
  showPermission();
  if (result === 'granted' && !$('desktop-completion').checked) $('desktop-completion').checked = true;
  announce($('desktop-permission').textContent);
}

// ---------- webhooks ----------

const EVENT_LIST = (w) => (w.events || []).join(', ');

function attemptItem(a) {
  const li = document.createElement('li');
  const answer = a.status_code != null ? `HTTP ${a.status_code}` : 'no answer';
  li.textContent = `${formatDateTime(a.at, true)} — ${a.error || answer} (${a.duration_ms} ms)`;
  return li;
}

function deliveryItem(d) {
  const li = document.createElement('li');
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  const status = document.createElement('span');
  status.className = `delivery-status-${d.status}`;
  status.textContent = d.status;
  const count = (d.attempts || []).length;
  summary.append(`${d.event_type} · `, status,
    ` · ${count} attempt${count === 1 ? '' : 's'} · ${formatDateTime(d.created_at)}`);
  details.append(summary);
  const info = document.createElement('p');
  info.className = 'hint';
  info.textContent = d.status === 'pending' && d.next_attempt_at
    ? `Next attempt ${formatDateTime(d.next_attempt_at, true)}. Message id ${d.id}.`
    : `Message id ${d.id}. Session ${d.session_id}.`;
  const attempts = document.createElement('ol');
  attempts.className = 'attempt-list';
  attempts.append(...(d.attempts || []).map(attemptItem));
  details.append(info, attempts);
  li.append(details);
  return li;
}

async function toggleDeliveries(w, li, button) {
  const box = li.querySelector('.deliveries');
  if (!box.hidden) {
    box.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  button.disabled = true;
  try {
    const body = await getJson(`/api/v1/webhooks/${encodeURIComponent(w.id)}/deliveries`);
    const list = document.createElement('ul');
    list.className = 'delivery-list';
    list.append(...(body.deliveries || []).map(deliveryItem));
    box.replaceChildren(body.deliveries && body.deliveries.length
      ? list
      : Object.assign(document.createElement('p'), { className: 'hint', textContent: 'Nothing sent yet.' }));
    box.hidden = false;
    button.setAttribute('aria-expanded', 'true');
  } catch (e) {
    box.replaceChildren(Object.assign(document.createElement('p'), { className: 'field-error', textContent: e.message }));
    box.hidden = false;
  } finally {
    button.disabled = false;
  }
}

function webhookRow(w) {
  const li = document.createElement('li');
  li.className = 'token-row webhook-row';
  li.dataset.webhookId = w.id;
  li.innerHTML = `
    <div class="webhook-head">
      <div class="token-main">
        <span class="webhook-url"></span>
        <span class="token-meta"><span class="webhook-events"></span> · <span class="webhook-created"></span></span>
      </div>
      <div class="webhook-actions">
        <button type="button" class="btn btn-quiet webhook-deliveries" aria-expanded="false">Deliveries</button>
        <button type="button" class="btn btn-quiet webhook-remove">Remove<span class="visually-hidden"></span></button>
      </div>
    </div>
    <p class="webhook-off" hidden></p>
    <div class="deliveries" hidden></div>`;
  li.querySelector('.webhook-url').textContent = w.url;
  li.querySelector('.webhook-events').textContent =
    `${EVENT_LIST(w)}${w.scope === 'all' ? ' · every coach’s sessions' : ''}`;
  li.querySelector('.webhook-created').textContent = `Added ${formatDateTime(w.created_at)}`;
  if (!w.enabled) {
    const off = li.querySelector('.webhook-off');
    off.textContent = `Turned off: ${w.disabled_reason || 'the receiver asked us to stop'}. Remove it and add it again to resume.`;
    off.hidden = false;
  }
  li.querySelector('.webhook-remove .visually-hidden').textContent = ` the endpoint ${w.url}`;
  const deliveries = li.querySelector('.webhook-deliveries');
  deliveries.addEventListener('click', () => toggleDeliveries(w, li, deliveries));
  li.querySelector('.webhook-remove').addEventListener('click', () => removeWebhook(w));
  return li;
}

function renderWebhooks() {
  $('webhook-list').replaceChildren(...webhooks.map(webhookRow));
  $('webhooks-loading').hidden = true;
  $('webhooks-empty').hidden = webhooks.length > 0;
}

async function loadWebhooks() {
  try {
    webhooks = (await getJson('/api/v1/webhooks')).webhooks || [];
    $('webhooks-error').hidden = true;
    renderWebhooks();
  } catch (e) {
    $('webhooks-loading').hidden = true;
    $('webhooks-error').textContent = `Your webhooks could not be loaded. ${e.message}`;
    $('webhooks-error').hidden = false;
  }
}

async function onCreateWebhook(e) {
  e.preventDefault();
  const error = $('webhook-error');
  error.hidden = true;
  const url = $('webhook-url').value.trim();
  const events = [...document.querySelectorAll('#webhook-form input[name=event]:checked')].map((i) => i.value);
  if (!url) {
    error.textContent = 'Enter the address of your receiver, such as https://example.com/webhooks/coachtrack.';
    error.hidden = false;
    $('webhook-url').focus();
    return;
  }
  if (!events.length) {
    error.textContent = 'Choose at least one event.';
    error.hidden = false;
    return;
  }
  const button = $('webhook-create');
  button.disabled = true;
  try {
    const created = await sendJson('POST', '/api/v1/webhooks', { url, events });
    webhooks = [...webhooks, created];
    renderWebhooks();
    $('webhook-url').value = '';
    $('new-webhook-secret').value = created.secret;
    $('new-webhook-copied').textContent = '';
    $('new-webhook').hidden = false;
    $('new-webhook-secret').focus();
    $('new-webhook-secret').select();
    announce('Endpoint added. Copy its secret now: it will not be shown again.');
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
    $('webhook-url').focus();
  } finally {
    button.disabled = false;
  }
}

async function removeWebhook(w) {
  // eslint-disable-next-line no-alert
  if (!window.confirm(`Remove the endpoint ${w.url}? Deliveries not made yet are dropped.`)) return;
  try {
    await sendJson('DELETE', `/api/v1/webhooks/${encodeURIComponent(w.id)}`);
  } catch (e) {
    if (e.status !== 404) {
      $('webhooks-error').textContent = `The endpoint was not removed. ${e.message}`;
      $('webhooks-error').hidden = false;
      return;
    }
  }
  webhooks = webhooks.filter((x) => x.id !== w.id);
  renderWebhooks();
  $('webhooks-heading').focus();
  announce('Endpoint removed');
}

async function copySecret() {
  const input = $('new-webhook-secret');
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    }
  } catch {
    /* selected below for Ctrl+C */
  }
  if (!copied) {
    input.focus();
    input.select();
  }
  $('new-webhook-copied').textContent = copied
    ? 'Copied to the clipboard.'
    : 'The secret is selected: press Ctrl+C (or ⌘C) to copy it.';
}

// ---------- start ----------

export function initNotificationSettings(coach) {
  me = coach;
  if (!notificationsSupported()) $('desktop-allow').hidden = true;
  $('notify-form').addEventListener('submit', onSavePreferences);
  $('desktop-allow').addEventListener('click', onAllowDesktop);
  $('webhook-form').addEventListener('submit', onCreateWebhook);
  $('new-webhook-copy').addEventListener('click', copySecret);
  $('new-webhook-done').addEventListener('click', () => {
    $('new-webhook').hidden = true;
    $('new-webhook-secret').value = '';
    $('webhook-url').focus();
  });
  loadPreferences();
  loadWebhooks();
  if (window.location.hash === '#notifications') $('notifications-heading').focus();
  return me;
}
