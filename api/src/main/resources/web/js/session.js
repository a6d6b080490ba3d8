// Who is signed in: the token (sessionStorage, gone when the tab closes) and the roles /api/me reports.

const KEY = 'twingraph.token';
let current = null; // {subject, roles, open}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
  current = null;
}

/**
 * The caller: {subject, roles, anonymous} from GET /api/me; {open: true} with every role when the server runs
 * without access control (no /api/me); null when a token is needed (401).
 */
export async function me() {
  if (current) return current;
  const headers = {Accept: 'application/json'};
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch('/api/me', {headers});
  if (response.status === 404) {
    current = {subject: 'local', roles: ['admin'], open: true};
  } else if (response.ok) {
    current = await response.json();
  } else if (response.status === 401) {
    current = null;
  } else {
    throw new Error(`Could not ask the server who you are: HTTP ${response.status}`);
  }
  return current;
}

/** Whether the caller may do what `role` allows (every role reads; admin may do everything). */
export function can(caller, role) {
  if (!caller) return false;
  const roles = caller.roles || [];
  return roles.includes('admin') || roles.includes(role) || (role === 'reader' && roles.length > 0);
}
