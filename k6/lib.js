// Helpers shared by the k6 scenarios: data generation, JSON requests and
// body checks.
import http from 'k6/http';
import { check } from 'k6';

export const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8080';
export const PASSWORD = 'un velo bleu dans la cour';

const JSON_HEADERS = { headers: { 'Content-Type': 'application/json' } };

export function post(path, body, params = {}) {
  return http.post(`${BASE}${path}`, JSON.stringify(body), Object.assign({}, JSON_HEADERS, params));
}

export function uniqueEmail(prefix) {
  return `${prefix}.${__VU}.${__ITER}.${Date.now()}.${Math.floor(Math.random() * 1e9)}@example.org`;
}

const POSTCODES = ['75011', '69003', '13001', '31000', '33000', '59000', '67000', '44000', '20090', '97400', '35000', '06000'];

export function signupBody(email) {
  return {
    email,
    first_name: 'Léa',
    last_name: 'Martin',
    birth_date: '1998-04-12',
    postcode: POSTCODES[Math.floor(Math.random() * POSTCODES.length)],
    skills: ['first_aid'],
    domains: ['health'],
    terms_accepted: true,
    terms_version: '2026-01',
  };
}

/// The token of the newest email of `template` to `email`, from the
/// development mailbox (the server must run with auth.dev_mailbox on).
export function tokenFromMailbox(email, template) {
  const r = http.get(`${BASE}/v1/dev/mailbox?to=${encodeURIComponent(email)}`);
  const item = (r.json('items') || []).find((e) => e.template === template);
  if (!item) return null;
  const link = item.links.find((l) => l.includes('token='));
  return link ? link.split('token=')[1] : null;
}

/// Signs up and activates an account; returns its access token.
export function activatedAccount(prefix) {
  const email = uniqueEmail(prefix);
  const s = post('/v1/auth/signup', signupBody(email));
  check(s, { 'signup accepted': (r) => r.status === 202 && r.json('status') === 'accepted' });
  const token = tokenFromMailbox(email, 'activation');
  const a = post('/v1/auth/activate', { token, password: PASSWORD });
  check(a, { 'activated': (r) => r.status === 200 && r.json('token_type') === 'Bearer' });
  return { email, access: a.json('access_token') };
}
