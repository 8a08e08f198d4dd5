// Sign-in for every page of the app. On load it asks the API who is signed in (GET /api/v1/me).
// Signed in: the header shows the coach's name, Settings and Sign out, and the page starts.
// Signed out: the server's configuration (GET /api/v1/auth/config) decides what is offered:
//   local  - "Create your account" on a browser's first visit when sign-up is open, else "Sign in";
//   oidc   - a link to the organisation's sign-in, which comes back here signed in;
//   header - nothing to fill in: the organisation's proxy signs coaches in.
// A 401 from any later API call (ct:unauthenticated, see api.js) brings the sign-in screen back.
import {
  getAuthConfig, getMe, logIn, logOut, signUp,
} from './api.js';

const SIGNED_IN_BEFORE_KEY = 'ct.signedInBefore';
const LEGACY_COACH_KEY = 'coachId'; // the old typed-in coach name; meaningless now

const $ = (id) => document.getElementById(id);

/** Which input an API error code is about, per form. */
const FIELD_FOR_CODE = {
  signup: { invalid_email: 'signup-email', email_taken: 'signup-email', invalid_name: 'signup-name', weak_password: 'signup-password' },
  signin: { invalid_credentials: 'signin-password' },
};

const PANEL_HTML = `
  <div class="card auth-card">
    <div id="auth-notice" class="alert alert-warn auth-notice" role="status" hidden></div>

    <form id="signup-form" class="auth-form" novalidate aria-labelledby="signup-title" hidden>
      <h1 id="signup-title" tabindex="-1">Create your account</h1>
      <p class="muted">Your recordings and transcripts are kept under this account, so you can follow them from any browser.</p>
      <div class="field">
        <label for="signup-email">Email</label>
        <input id="signup-email" name="email" type="email" autocomplete="email" inputmode="email" spellcheck="false"
               autocapitalize="off" maxlength="254" required aria-describedby="signup-error">
      </div>
      <div class="field">
        <label for="signup-name">Your name</label>
        <input id="signup-name" name="name" type="text" autocomplete="name" maxlength="100" required
               aria-describedby="signup-name-hint signup-error">
        <p id="signup-name-hint" class="hint">Shown at the top of the page.</p>
      </div>
      <div class="field">
        <label for="signup-password">Password</label>
        <input id="signup-password" name="password" type="password" autocomplete="new-password" required
               aria-describedby="signup-password-rule signup-error">
        <p id="signup-password-rule" class="hint">At least 10 characters. Common passwords are refused.</p>
        <label class="check"><input id="signup-show-password" type="checkbox"> Show password</label>
      </div>
      <div id="signup-error" class="alert alert-error" role="alert" hidden></div>
      <div class="actions">
        <button id="signup-submit" type="submit" class="btn btn-primary">Create account</button>
      </div>
      <p class="auth-switch"><button id="to-signin" type="button" class="btn btn-link">I already have an account</button></p>
    </form>

    <form id="signin-form" class="auth-form" novalidate aria-labelledby="signin-title" hidden>
      <h1 id="signin-title" tabindex="-1">Sign in</h1>
      <p class="muted">Sign in to upload recordings and follow their transcription.</p>
      <div class="field">
        <label for="signin-email">Email</label>
        <input id="signin-email" name="email" type="email" autocomplete="username" inputmode="email" spellcheck="false"
               autocapitalize="off" maxlength="254" required aria-describedby="signin-error">
      </div>
      <div class="field">
        <label for="signin-password">Password</label>
        <input id="signin-password" name="password" type="password" autocomplete="current-password" required
               aria-describedby="signin-error">
        <label class="check"><input id="signin-show-password" type="checkbox"> Show password</label>
      </div>
      <div id="signin-error" class="alert alert-error" role="alert" hidden></div>
      <div class="actions">
        <button id="signin-submit" type="submit" class="btn btn-primary">Sign in</button>
      </div>
      <p id="signin-to-signup" class="auth-switch" hidden>New here? <button id="to-signup" type="button" class="btn btn-link">Create an account</button></p>
      <p id="signin-closed" class="muted auth-switch" hidden>Accounts are created by an operator. If you do not have one yet, ask them for a link to set your password.</p>
    </form>

    <div id="oidc-signin" class="auth-form" hidden>
      <h1 id="oidc-title" tabindex="-1">Sign in</h1>
      <p>CoachTrack uses your organisation’s sign-in. You will come back to this page afterwards.</p>
      <div id="oidc-error" class="alert alert-error" role="alert" hidden></div>
      <div class="actions"><a id="oidc-link" class="btn btn-primary" href="/">Sign in with your organisation</a></div>
    </div>

    <div id="proxy-signin" class="auth-form" hidden>
      <h1 id="proxy-title" tabindex="-1">You are not signed in</h1>
      <p>Sign-in is handled by your organisation’s proxy in front of CoachTrack, and it did not say who you are.
        Sign in with your organisation (for example in another tab), then reload this page.
        If this keeps happening, contact your administrator.</p>
      <div class="actions"><button id="proxy-reload" type="button" class="btn btn-primary">Reload the page</button></div>
    </div>

    <div id="auth-unavailable" class="auth-form" hidden>
      <h1 id="unavailable-title" tabindex="-1">We could not check your sign-in</h1>
      <p id="unavailable-text"></p>
      <div class="actions"><button id="unavailable-retry" type="button" class="btn btn-primary">Try again</button></div>
    </div>
  </div>`;

/** Why the last organisation sign-in did not work, by the code the callback redirected with. */
const OIDC_ERRORS = {
  oidc_refused: 'Your organisation’s sign-in did not sign you in. Try again, or ask your administrator whether you have access.',
  oidc_state: 'That sign-in took too long or was started in another browser. Sign in again from here.',
  oidc_token_refused: 'Your organisation’s sign-in answered, but we could not verify the answer. Try again in a minute.',
  other: 'Signing in with your organisation did not work. Try again in a minute.',
};

function storage(fn) {
  try {
    return fn(window.localStorage);
  } catch {
    return null; // private mode or storage disabled: treated as a first visit
  }
}

const signedInBefore = () => storage((s) => s.getItem(SIGNED_IN_BEFORE_KEY) === '1');
/** Marks this browser as one a coach has signed in on, so it offers "Sign in" rather than "Create your account". */
export const rememberSignedIn = () => storage((s) => {
  s.setItem(SIGNED_IN_BEFORE_KEY, '1');
  s.removeItem(LEGACY_COACH_KEY);
});

/** The text to show for a failed request: the server's sentence, plus when to try again after a 429. */
function errorText(error) {
  let text = error.message;
  if (error.status === 429 && error.retryAfterMs && !/\d/.test(text)) {
    text += ` Try again in ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s.`;
  }
  return text;
}

/**
 * Starts sign-in on a page. onReady(me) runs once, when a coach is signed in (at once if already so).
 * Options: onSignedOut() runs when the sign-in screen replaces the page (e.g. to stop work).
 */
export function initAuth(onReady, { onSignedOut = () => {} } = {}) {
  const panel = $('auth-panel');
  const app = $('app');
  const bar = $('account-bar');
  const pageTitle = document.title;
  panel.innerHTML = PANEL_HTML;

  let config = null;
  let started = false; // onReady has run: the page holds a coach's data and running pollers
  let showing = null; // the screen shown in the panel, or null while the app is shown

  const screens = ['signup-form', 'signin-form', 'oidc-signin', 'proxy-signin', 'auth-unavailable'];

  function showScreen(id, { focus = 'field', title } = {}) {
    for (const s of screens) $(s).hidden = s !== id;
    showing = id;
    app.hidden = true;
    bar.hidden = true;
    panel.hidden = false;
    document.title = `${title || 'Sign in'} — CoachTrack`;
    const screen = $(id);
    const target = focus === 'field' ? screen.querySelector('input') : screen.querySelector('h1');
    (target || screen.querySelector('h1')).focus();
  }

  function clearError(form) {
    const error = $(`${form}-error`);
    error.hidden = true;
    error.textContent = '';
    delete error.dataset.code;
    for (const input of $(`${form}-form`).querySelectorAll('input')) input.removeAttribute('aria-invalid');
  }

  function showError(form, text, { code = '', field = null } = {}) {
    const error = $(`${form}-error`);
    error.textContent = text;
    error.dataset.code = code;
    error.hidden = false;
    const input = field && $(field);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  /** Keeps the submit button disabled until a rate limit's Retry-After has passed. */
  function lockFor(button, ms) {
    button.disabled = true;
    setTimeout(() => {
      button.disabled = false;
    }, Math.min(ms, 15 * 60_000));
  }

  function showSignUp(focus) {
    clearError('signup');
    showScreen('signup-form', { focus, title: 'Create your account' });
  }

  function showSignIn(focus) {
    clearError('signin');
    const open = config && config.signup === 'open';
    $('signin-to-signup').hidden = !open;
    $('signin-closed').hidden = open;
    showScreen('signin-form', { focus, title: 'Sign in' });
  }

  function showSignedOutScreen() {
    const mode = config ? config.mode : 'local';
    if (mode === 'oidc') {
      const url = new URL(config.oidc_login_url || '/api/v1/auth/oidc/login', window.location.origin);
      url.searchParams.set('return_to', window.location.pathname + window.location.search);
      $('oidc-link').href = url.pathname + url.search;
      const failed = new URLSearchParams(window.location.search).get('sign_in_error');
      $('oidc-error').textContent = failed ? OIDC_ERRORS[failed] || OIDC_ERRORS.other : '';
      $('oidc-error').hidden = !failed;
      showScreen('oidc-signin', { focus: 'heading' });
    } else if (mode === 'header') {
      showScreen('proxy-signin', { focus: 'heading', title: 'Not signed in' });
    } else if (config.signup === 'open' && !signedInBefore()) {
      showSignUp('field');
    } else {
      showSignIn('field');
    }
  }

  function showUnavailable(error) {
    $('unavailable-text').textContent = error.message;
    showScreen('auth-unavailable', { focus: 'heading', title: 'Sign-in unavailable' });
  }

  function showApp(me) {
    showing = null;
    panel.hidden = true;
    $('auth-notice').hidden = true;
    $('account-name').textContent = me.name || me.email || me.coach_id;
    $('account-name').title = me.email || '';
    // Behind a signing-in proxy there is nothing this page could sign out of.
    $('sign-out').hidden = me.auth === 'proxy' || me.auth === 'header';
    bar.hidden = false;
    app.hidden = false;
    document.title = pageTitle;
  }

  /** A coach is signed in (at load, or through a form). */
  function signedIn(me, { fromForm = false } = {}) {
    rememberSignedIn();
    if (started) {
      // The page already ran for a coach and its pollers stopped at the 401: start afresh.
      window.location.reload();
      return;
    }
    showApp(me);
    if (fromForm) {
      // Focus goes to the page's content (for screen readers), while the view starts at the top.
      app.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
    started = true;
    onReady(me);
  }

  async function signedOut(notice) {
    if (!config) {
      try {
        config = await getAuthConfig();
      } catch (e) {
        showUnavailable(e);
        return;
      }
    }
    const notes = $('auth-notice');
    notes.textContent = notice || '';
    notes.hidden = !notice;
    showSignedOutScreen();
  }

  async function check() {
    let me;
    try {
      me = await getMe();
    } catch (e) {
      if (e.status === 401) signedOut();
      else showUnavailable(e);
      return;
    }
    signedIn(me);
  }

  async function submit(form, button, action) {
    clearError(form);
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    let locked = false;
    try {
      const me = await action();
      signedIn(me, { fromForm: true });
    } catch (e) {
      const field = (FIELD_FOR_CODE[form] || {})[e.code] || null;
      showError(form, errorText(e), { code: e.code, field });
      if (e.status === 429 && e.retryAfterMs) {
        locked = true;
        lockFor(button, e.retryAfterMs);
      }
      if (e.code === 'signup_closed') {
        config = { ...config, signup: 'closed' };
      }
    } finally {
      button.removeAttribute('aria-busy');
      if (!locked) button.disabled = false;
    }
  }

  /** Empty required fields are caught here; everything else is the server's call, in its words. */
  function missing(form, checks) {
    for (const [id, text] of checks) {
      if (!$(id).value.trim()) {
        showError(form, text, { code: 'missing', field: id });
        return true;
      }
    }
    return false;
  }

  $('signup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearError('signup');
    if (missing('signup', [
      ['signup-email', 'Enter your email address.'],
      ['signup-name', 'Enter your name.'],
      ['signup-password', 'Choose a password of at least 10 characters.'],
    ])) return;
    submit('signup', $('signup-submit'), () => signUp({
      email: $('signup-email').value.trim(),
      name: $('signup-name').value.trim().replace(/\s+/g, ' '),
      password: $('signup-password').value,
    }));
  });

  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearError('signin');
    if (missing('signin', [
      ['signin-email', 'Enter your email address.'],
      ['signin-password', 'Enter your password.'],
    ])) return;
    submit('signin', $('signin-submit'), () => logIn({
      email: $('signin-email').value.trim(),
      password: $('signin-password').value,
    }));
  });

  // Switching forms carries the email over, and puts focus on the new form's heading.
  $('to-signin').addEventListener('click', () => {
    if (!$('signin-email').value) $('signin-email').value = $('signup-email').value.trim();
    showSignIn('heading');
  });
  $('to-signup').addEventListener('click', () => {
    if (!$('signup-email').value) $('signup-email').value = $('signin-email').value.trim();
    showSignUp('heading');
  });

  for (const form of ['signup', 'signin']) {
    $(`${form}-show-password`).addEventListener('change', (e) => {
      $(`${form}-password`).type = e.currentTarget.checked ? 'text' : 'password';
    });
  }

  $('proxy-reload').addEventListener('click', () => window.location.reload());
  $('unavailable-retry').addEventListener('click', () => {
    panel.hidden = true;
    check();
  });

  $('sign-out').addEventListener('click', async (e) => {
    const button = e.currentTarget;
    const error = $('sign-out-error');
    error.hidden = true;
    button.disabled = true;
    try {
      await logOut();
    } catch (err) {
      error.textContent = `Not signed out: ${err.message}`;
      error.hidden = false;
      button.disabled = false;
      return;
    }
    // Starting afresh leaves nothing of this coach's sessions in the page; it shows the sign-in form.
    window.location.reload();
  });

  window.addEventListener('ct:unauthenticated', () => {
    if (showing) return;
    onSignedOut();
    signedOut(started ? 'You have been signed out, perhaps because your sign-in expired or your password was changed. Sign in again to continue.' : '');
  });

  check();
}
