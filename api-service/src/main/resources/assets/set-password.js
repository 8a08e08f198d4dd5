// The one-time link an operator's `coach add` prints: /set-password?token=... The coach chooses a
// password, is signed in by the answer, and goes on to the dashboard.
import { setPasswordWithLink } from './api.js';
import { rememberSignedIn } from './auth.js';

const $ = (id) => document.getElementById(id);

const TOKEN_KEY = 'ct.setPasswordToken';

function session(fn) {
  try {
    return fn(window.sessionStorage);
  } catch {
    return null;
  }
}

// Kept for this tab only, so that a reload after the token left the address bar still works.
const token = new URLSearchParams(window.location.search).get('token')
  || session((s) => s.getItem(TOKEN_KEY));

function showProblem(text) {
  $('set-password-form').hidden = true;
  $('link-problem-text').textContent = text;
  $('link-problem').hidden = false;
  document.title = 'Link cannot be used — CoachTrack';
  $('link-problem-title').focus();
}

function showError(text, field) {
  $('set-password-error').textContent = text;
  $('set-password-error').hidden = false;
  if (field) {
    $(field).setAttribute('aria-invalid', 'true');
    $(field).focus();
  }
}

async function onSubmit(e) {
  e.preventDefault();
  $('set-password-error').hidden = true;
  for (const id of ['set-password', 'set-password-confirm']) $(id).removeAttribute('aria-invalid');
  const password = $('set-password').value;
  if (!password) return showError('Choose a password of at least 10 characters.', 'set-password');
  if (password !== $('set-password-confirm').value) {
    return showError('The two passwords are not the same. Type the password again.', 'set-password-confirm');
  }
  const button = $('set-password-submit');
  button.disabled = true;
  try {
    await setPasswordWithLink({ token, password });
    rememberSignedIn();
    session((s) => s.removeItem(TOKEN_KEY));
    window.location.replace('/');
    return undefined;
  } catch (err) {
    button.disabled = false;
    if (err.code === 'invalid_link') {
      session((s) => s.removeItem(TOKEN_KEY));
      return showProblem(err.message);
    }
    return showError(err.message, err.code === 'weak_password' ? 'set-password' : null);
  }
}

$('set-password-form').addEventListener('submit', onSubmit);
$('set-password-show').addEventListener('change', (e) => {
  for (const id of ['set-password', 'set-password-confirm']) $(id).type = e.currentTarget.checked ? 'text' : 'password';
});

if (token) {
  // The token leaves the address bar, so it is not kept in the history or a bookmark.
  session((s) => s.setItem(TOKEN_KEY, token));
  window.history.replaceState(null, '', window.location.pathname);
  $('set-password-form').hidden = false;
  $('set-password').focus();
} else {
  showProblem('The link is incomplete: it has no token. Open the whole link you were given, or copy all of it into the address bar.');
}
