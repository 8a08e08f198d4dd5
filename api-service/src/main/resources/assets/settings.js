// Settings: personal access tokens (for scripts and other programs) and the coach's password.
import {
  changePassword, createToken, getAuthConfig, listTokens, revokeToken, serverNow,
} from './api.js';
import { initAuth } from './auth.js';
import { formatAgo, formatDateTime } from './format.js';
import { announce } from './ui.js';

const $ = (id) => document.getElementById(id);

let tokens = [];
let revoking = null; // the token the confirmation dialog is about

// ---------- token list ----------

function tokenRow(t) {
  const li = document.createElement('li');
  li.className = 'token-row';
  li.dataset.tokenId = t.id;
  li.innerHTML = `
    <div class="token-main">
      <span class="token-name"></span>
      <span class="token-meta"><span class="token-created"></span> · <span class="token-used"></span></span>
    </div>
    <button type="button" class="btn btn-quiet token-revoke">Revoke<span class="visually-hidden"></span></button>`;
  li.querySelector('.token-name').textContent = t.name;
  const created = li.querySelector('.token-created');
  created.textContent = t.created_at ? `Created ${formatDateTime(t.created_at)}` : 'Created';
  const used = li.querySelector('.token-used');
  if (t.last_used_at) {
    used.textContent = `Last used ${formatAgo(t.last_used_at, serverNow())}`;
    used.title = formatDateTime(t.last_used_at, true);
  } else {
    used.textContent = 'Never used';
  }
  li.querySelector('.token-revoke .visually-hidden').textContent = ` token “${t.name}”`;
  li.querySelector('.token-revoke').addEventListener('click', () => askRevoke(t));
  return li;
}

function renderTokens() {
  const sorted = [...tokens].sort((a, b) => (Date.parse(b.created_at) || 0) - (Date.parse(a.created_at) || 0));
  $('token-list').replaceChildren(...sorted.map(tokenRow));
  $('tokens-loading').hidden = true;
  $('tokens-empty').hidden = tokens.length > 0;
}

async function loadTokens() {
  try {
    const body = await listTokens();
    tokens = body.tokens || [];
    $('tokens-error').hidden = true;
    renderTokens();
  } catch (e) {
    $('tokens-loading').hidden = true;
    $('tokens-error').textContent = `Your tokens could not be loaded. ${e.message}`;
    $('tokens-error').hidden = false;
  }
}

// ---------- create ----------

function showNewToken(created) {
  $('new-token-name').textContent = created.name;
  $('new-token-value').value = created.token;
  $('new-token-copied').textContent = '';
  // Single quotes would break on Windows shells; a token is letters, digits, _ and - only.
  $('new-token-example').textContent =
    `curl -H "Authorization: Bearer ${created.token}" ${window.location.origin}/api/v1/sessions`;
  $('new-token').dataset.tokenId = created.id;
  $('new-token').hidden = false;
  $('new-token-value').focus();
  $('new-token-value').select();
}

function hideNewToken() {
  $('new-token').hidden = true;
  $('new-token-value').value = '';
  $('new-token-example').textContent = '';
  delete $('new-token').dataset.tokenId;
}

async function onCreate(e) {
  e.preventDefault();
  const input = $('token-name');
  const error = $('token-error');
  const button = $('token-create');
  error.hidden = true;
  input.removeAttribute('aria-invalid');
  const name = input.value.trim().replace(/\s+/g, ' ');
  if (!name) {
    error.textContent = 'Give the token a name, so you know later what it is for.';
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  button.disabled = true;
  try {
    const created = await createToken(name);
    tokens = [...tokens.filter((t) => t.id !== created.id),
      { id: created.id, name: created.name, created_at: created.created_at, last_used_at: null }];
    renderTokens();
    input.value = '';
    showNewToken(created);
    announce(`Token ${created.name} created. Copy it now: it will not be shown again.`);
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } finally {
    button.disabled = false;
  }
}

async function copyToken() {
  const input = $('new-token-value');
  const said = $('new-token-copied');
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    }
  } catch {
    /* falls back below */
  }
  if (!copied) {
    input.focus();
    input.select();
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
  }
  said.textContent = copied
    ? 'Copied to the clipboard.'
    : 'Copying is not allowed here: the token is selected, press Ctrl+C (or ⌘C) to copy it.';
}

// ---------- revoke ----------

function askRevoke(t) {
  revoking = t;
  const dialog = $('revoke-dialog');
  $('revoke-name').textContent = t.name;
  if (typeof dialog.showModal !== 'function') {
    // eslint-disable-next-line no-alert
    if (window.confirm(`Revoke the token “${t.name}”? Anything using it stops working at once.`)) revoke(t);
    return;
  }
  dialog.returnValue = '';
  dialog.showModal();
}

function rowButton(id) {
  const li = $('token-list').querySelector(`[data-token-id="${CSS.escape(id)}"]`);
  return li && li.querySelector('.token-revoke');
}

async function revoke(t) {
  const button = rowButton(t.id);
  if (button) button.disabled = true;
  $('tokens-error').hidden = true;
  try {
    await revokeToken(t.id);
  } catch (e) {
    if (e.status !== 404) { // 404: already gone, which is what was asked
      $('tokens-error').textContent = `The token was not revoked. ${e.message}`;
      $('tokens-error').hidden = false;
      if (button) {
        button.disabled = false;
        button.focus();
      }
      return;
    }
  }
  // Focus moves to the next token's button, else to the section heading, never to nowhere.
  const ids = [...$('token-list').children].map((li) => li.dataset.tokenId);
  const at = ids.indexOf(t.id);
  const nextId = ids[at + 1] || ids[at - 1];
  tokens = tokens.filter((x) => x.id !== t.id);
  renderTokens();
  if ($('new-token').dataset.tokenId === t.id) hideNewToken();
  const next = nextId && nextId !== t.id ? rowButton(nextId) : null;
  (next || $('tokens-heading')).focus();
  announce(`Token ${t.name} revoked`);
}

// ---------- password ----------

function passwordError(text, field) {
  $('password-error').textContent = text;
  $('password-error').hidden = false;
  if (field) {
    $(field).setAttribute('aria-invalid', 'true');
    $(field).focus();
  }
}

async function onChangePassword(e) {
  e.preventDefault();
  const form = $('password-form');
  $('password-error').hidden = true;
  $('password-done').hidden = true;
  for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  const current = $('current-password').value;
  const next = $('new-password').value;
  if (!current) return passwordError('Enter your current password.', 'current-password');
  if (!next) return passwordError('Choose a new password of at least 10 characters.', 'new-password');
  if (next !== $('confirm-password').value) {
    return passwordError('The two new passwords are not the same. Type the new password again.', 'confirm-password');
  }
  const button = $('password-submit');
  button.disabled = true;
  try {
    await changePassword({ currentPassword: current, newPassword: next });
    form.reset();
    for (const id of ['current-password', 'new-password', 'confirm-password']) $(id).type = 'password';
    $('password-done').textContent = 'Your password has been changed. Other browsers signed in to your account have been signed out.';
    $('password-done').hidden = false;
  } catch (err) {
    const field = { invalid_credentials: 'current-password', weak_password: 'new-password' }[err.code] || null;
    passwordError(err.message, field);
  } finally {
    button.disabled = false;
  }
  return undefined;
}

async function initPassword(me) {
  let mode = 'local';
  try {
    mode = (await getAuthConfig()).mode;
  } catch {
    /* shown as local: the server answers for itself if a change is not possible */
  }
  const own = mode === 'local' && me.auth === 'session';
  $('password-form').hidden = !own;
  $('password-managed').hidden = own;
  $('password-username').value = me.email || '';
}

// ---------- start ----------

$('token-form').addEventListener('submit', onCreate);
$('new-token-copy').addEventListener('click', copyToken);
$('new-token-done').addEventListener('click', () => {
  hideNewToken();
  $('token-name').focus();
});
$('revoke-dialog').addEventListener('close', () => {
  const t = revoking;
  revoking = null;
  if (!t) return;
  if ($('revoke-dialog').returnValue === 'confirm') revoke(t);
  else {
    const button = rowButton(t.id);
    if (button) button.focus();
  }
});
$('password-form').addEventListener('submit', onChangePassword);
$('password-show').addEventListener('change', (e) => {
  for (const id of ['current-password', 'new-password', 'confirm-password']) {
    $(id).type = e.currentTarget.checked ? 'text' : 'password';
  }
});

initAuth((me) => {
  $('settings-email').textContent = me.email || me.name || '';
  loadTokens();
  initPassword(me);
});
