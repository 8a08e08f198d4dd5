// The coach name, a stand-in until real login exists: asked once, kept in localStorage ("coachId"),
// sent with every request as X-Coach-Id, and changeable from the header.
import { getCoachId, setCoachId } from './api.js';

// Header values must be plain ASCII (fetch refuses others), and the server stores up to 128 characters.
const NAME_PATTERN = /^[A-Za-z0-9 ._@'-]{1,64}$/;

/**
 * Shows the header's coach bar, or the name form when no name is known yet.
 * Calls onReady(name) once a name is known; changing the name later reloads the page,
 * because everything shown belongs to the previous coach.
 */
export function initCoach(onReady) {
  const panel = document.getElementById('coach-panel');
  const form = document.getElementById('coach-form');
  const input = document.getElementById('coach-name-input');
  const error = document.getElementById('coach-name-error');
  const cancel = document.getElementById('coach-name-cancel');
  const bar = document.getElementById('coach-bar');
  const nameEl = document.getElementById('coach-name');
  const change = document.getElementById('coach-change');
  const app = document.getElementById('app');

  let current = getCoachId();

  function showBar() {
    nameEl.textContent = current;
    bar.hidden = false;
  }

  function openPanel(isChange) {
    panel.hidden = false;
    panel.classList.toggle('is-change', isChange);
    cancel.hidden = !isChange;
    input.value = isChange ? current : '';
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    input.focus();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = input.value.trim().replace(/\s+/g, ' ');
    if (!NAME_PATTERN.test(name)) {
      error.textContent = name
        ? 'Use up to 64 letters (A–Z), digits, spaces or . _ - @ \''
        : 'Please enter your name.';
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    const first = !current;
    if (name === current) {
      panel.hidden = true;
      change.focus();
      return;
    }
    setCoachId(name);
    current = name;
    if (!first) {
      window.location.reload();
      return;
    }
    panel.hidden = true;
    app.hidden = false;
    showBar();
    onReady(name);
  });

  cancel.addEventListener('click', () => {
    panel.hidden = true;
    change.focus();
  });
  change.addEventListener('click', () => openPanel(true));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && current) {
      panel.hidden = true;
      change.focus();
    }
  });

  if (current) {
    showBar();
    app.hidden = false;
    onReady(current);
  } else {
    app.hidden = true;
    openPanel(false);
  }
}
