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
  // __VU and __ITER do not exist in setup().
  const vu = typeof __VU === 'undefined' ? 0 : __VU;
  const iter = typeof __ITER === 'undefined' ? 0 : __ITER;
  return `${prefix}.${vu}.${iter}.${Date.now()}.${Math.floor(Math.random() * 1e9)}@example.org`;
}

const POSTCODES = ['75011', '69003', '13001', '31000', '33000', '59000', '67000', '44000', '20090', '97400', '35000', '06000'];

/// The day `n` days from today, as YYYY-MM-DD: scenarios date their
/// missions and birth dates from the day they run, never from a calendar.
export function daysFromToday(n) {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + n);
  return day.toISOString().slice(0, 10);
}

/// A birth date `years` years ago, a day to spare.
export function yearsAgo(years) {
  return daysFromToday(-(365 * years + Math.floor(years / 4) + 1));
}

export function signupBody(email) {
  return {
    email,
    first_name: 'Léa',
    last_name: 'Martin',
    birth_date: yearsAgo(28),
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

export function get(path, params = {}) {
  return http.get(`${BASE}${path}`, params);
}

export function authed(token) {
  return { headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } };
}

export function login(email, password) {
  const r = post('/v1/auth/login', { email, password });
  check(r, { 'logged in': (x) => x.status === 200 && x.json('token_type') === 'Bearer' });
  return r.status === 200 ? r.json('access_token') : null;
}

export const TOWNS = [
  [48.8566, 2.3522], [45.764, 4.8357], [43.2965, 5.3698], [43.6047, 1.4442], [50.6292, 3.0573],
  [47.2184, -1.5536], [48.5734, 7.7521], [44.8378, -0.5792], [43.7102, 7.262], [48.1173, -1.6778],
];

export function randomTown() {
  return TOWNS[Math.floor(Math.random() * TOWNS.length)];
}

export const DOMAINS = ['health', 'education', 'environment', 'solidarity_inclusion', 'sport', 'culture_leisure', 'crisis_response'];

export function missionBody() {
  return {
    title: 'Distribution de repas solidaires',
    description: 'Aider à préparer et distribuer des repas chauds aux personnes en difficulté, le mercredi soir.',
    domain: DOMAINS[Math.floor(Math.random() * DOMAINS.length)],
    skills: ['food_distribution'],
    audience: ['people_in_precarity'],
    format: 'on_site',
    addresses: [{ postcode: '69002', city: 'Lyon', latitude: 45.76, longitude: 4.83 }],
    start_date: daysFromToday(40),
    end_date: daysFromToday(206),
    commitment: { kind: 'per_week', hours: 3 },
    capacity: 10,
  };
}

/// A summary file per run, and a short text on stdout (k6's own text
/// summary lives in a remote library this machine cannot fetch).
export function summarize(name, data) {
  const lines = [`${name}:`];
  for (const [metric, value] of Object.entries(data.metrics)) {
    if (!value.values) continue;
    const v = value.values;
    const parts = Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'number' ? Math.round(x * 100) / 100 : x}`);
    const failed = value.thresholds && Object.values(value.thresholds).some((t) => !t.ok);
    lines.push(`  ${failed ? '✗' : ' '} ${metric}: ${parts.join(' ')}`);
  }
  const out = {};
  out[`k6/results/${name}-summary.json`] = JSON.stringify(data, null, 2);
  out.stdout = lines.join('\n') + '\n';
  return out;
}
