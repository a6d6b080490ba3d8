// The one way the page talks to TwinGraph: fetch with the signed-in token, errors as ApiError.
import {token} from './session.js';

/** An error answer of the API: {status, error, message, description} (plus `errors` for DRL, `retryAfter`). */
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.error = body.error;
    this.description = body.description;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/**
 * Sends a request. options: body (object -> JSON, string -> as is), type (Content-Type of a string body), accept.
 * Resolves to the response (use json()/text()); rejects with ApiError for 4xx/5xx. A 401 also tells the page
 * (event "twingraph:unauthorized") so it can ask for a token.
 */
export async function request(method, path, {body, type, accept = 'application/json'} = {}) {
  const headers = {Accept: accept};
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let payload = body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof URLSearchParams)) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  } else if (type) {
    headers['Content-Type'] = type;
  }
  const response = await fetch(path, {method, headers, body: payload});
  if (!response.ok) {
    let errorBody = {};
    try {
      errorBody = await response.json();
    } catch {
      errorBody = {message: `${response.status} ${response.statusText}`};
    }
    const error = new ApiError(response.status, errorBody, response.headers.get('Retry-After'));
    if (response.status === 401) window.dispatchEvent(new CustomEvent('twingraph:unauthorized'));
    if (response.status === 429) {
      error.description = `Too many requests; try again in ${error.retryAfter || 'a few'} seconds.`;
    }
    throw error;
  }
  return response;
}

export const getJson = async path => (await request('GET', path)).json();
export const postJson = async (path, body) => (await request('POST', path, {body})).json();

/**
 * The URL of a server-sent-event stream: EventSource cannot send headers, so the token goes in the query
 * (the server accepts it there only for text/event-stream requests).
 */
export function streamUrl(path) {
  const bearer = token();
  if (!bearer) return path;
  return `${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(bearer)}`;
}

/** Every thing with its revision, following the things API's "next" links (200 a page). */
export async function allThings() {
  const things = [];
  let next = '/api/2/things?option=size(200)&fields=thingId,_revision,attributes,features';
  while (next) {
    const response = await request('GET', next);
    things.push(...await response.json());
    const link = (response.headers.get('Link') || '').match(/<([^>]+)>;\s*rel="next"/);
    next = link ? link[1] : null;
  }
  return things;
}

/** Runs a SPARQL SELECT/ASK and returns the SPARQL JSON results. */
export async function sparql(query) {
  const response = await request('POST', '/sparql', {
    body: new URLSearchParams({query}), accept: 'application/sparql-results+json'});
  return response.json();
}
