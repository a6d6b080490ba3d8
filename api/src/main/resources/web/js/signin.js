// Sign in with a token: kept in sessionStorage for this tab; /api/me says what it may do.
import {h, replace} from './dom.js';
import {me, setToken, token} from './session.js';

export function mount(main) {
  const input = h('input', {id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false'});
  const message = h('div', {'aria-live': 'polite'});
  const form = h('form', {class: 'panel narrow', on: {submit: signIn}},
    h('label', {for: 'token'}, 'Access token'),
    input,
    h('p', {class: 'muted', id: 'token-help'}, 'An administrator gives you a token; it stays in this tab only.'),
    h('button', {type: 'submit', class: 'primary'}, 'Sign in'),
    message);
  input.setAttribute('aria-describedby', 'token-help');
  replace(main, h('h1', {}, 'Sign in'), form);
  showOpenServer(message);

  async function signIn(event) {
    event.preventDefault();
    setToken(input.value.trim());
    try {
      const caller = await me();
      if (!caller) {
        setToken(null);
        replace(message, h('p', {class: 'error', role: 'alert'}, 'This token was not accepted.'));
        return;
      }
      location.hash = '#/home';
    } catch (e) {
      setToken(null);
      replace(message, h('p', {class: 'error', role: 'alert'}, e.message));
    }
  }
}

async function showOpenServer(message) {
  if (token()) return;
  try {
    const caller = await me();
    if (caller && caller.open) {
      replace(message, h('p', {}, 'This server runs without access control: every page is open. ',
        h('a', {href: '#/home'}, 'Go to Home')));
    }
  } catch {
    // the form is still there
  }
}
