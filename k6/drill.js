// The TV night, as the drill replays it through nginx: signups,
// applications by signed-in volunteers, organisations writing a mission
// and submitting it for review, listings and searches (common words and
// misses), each virtual client from an address and a country of its own,
// at a constant arrival rate. Run by scripts/drill.sh.
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { daysFromToday, yearsAgo } from './lib.js';

const BASE = __ENV.BASE_URL;
const RATE = Number(__ENV.RATE || 150);
const DURATION = __ENV.DURATION || '150s';
// After the night's faults, a surge above capacity (0 for none).
const SURGE_RATE = Number(__ENV.SURGE_RATE || 0);
const SURGE = __ENV.SURGE || '30s';
const RUN = __ENV.RUN;
const SEED_RUN = __ENV.SEED_RUN;
const VOLUNTEERS = Number(__ENV.VOLUNTEERS || 100);
const PASSWORD = __ENV.SEED_PASSWORD;

const signupsAccepted = new Counter('signups_accepted');
const applicationsCreated = new Counter('applications_created');
const missionsSubmitted = new Counter('missions_submitted');
const ORGANIZATIONS = Number(__ENV.ORGANIZATIONS || 40);

export const options = {
  setupTimeout: '180s',
  discardResponseBodies: true,
  scenarios: Object.assign({
    night: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: 200,
      maxVUs: 1500,
    },
  }, SURGE_RATE > 0 ? {
    surge: {
      executor: 'constant-arrival-rate',
      rate: SURGE_RATE,
      timeUnit: '1s',
      duration: SURGE,
      startTime: DURATION,
      preAllocatedVUs: 400,
      maxVUs: 1500,
    },
  } : {}),
  summaryTrendStats: ['med', 'p(90)', 'p(99)', 'max', 'count'],
};

function address() {
  // One address per virtual client and iteration block: many clients.
  const n = (__VU * 7919 + __ITER) % 60000;
  return `10.${(n >> 12) & 255}.${(n >> 4) & 255}.${(n & 15) + 1}`;
}

// The country the CDN would tell: mostly France, a few clients from
// countries the platform does not serve (their writes get 403).
function country() {
  const r = Math.random();
  return r < 0.97 ? 'FR' : r < 0.985 ? 'BE' : 'US';
}

function params(kind, token) {
  const headers = {
    'content-type': 'application/json', 'x-drill-client': address(), 'x-drill-country': country(),
  };
  if (token) headers.authorization = `Bearer ${token}`;
  return { headers, tags: { kind }, timeout: '10s', responseType: 'text' };
}

export function setup() {
  const sessions = [];
  for (let i = 0; i < VOLUNTEERS; i++) {
    const r = http.post(`${BASE}/v1/auth/login`,
      JSON.stringify({ email: `seed-${SEED_RUN}-v${i}@example.org`, password: PASSWORD }),
      { headers: { 'content-type': 'application/json', 'x-drill-client': `10.200.${i >> 8}.${i & 255}` }, responseType: 'text' });
    if (r.status === 200) sessions.push(r.json('access_token'));
  }
  // Owners of the seeded organisations, each with its organisation.
  const owners = [];
  for (let i = 0; i < ORGANIZATIONS; i++) {
    const headers = { 'content-type': 'application/json', 'x-drill-client': `10.201.${i >> 8}.${i & 255}` };
    const r = http.post(`${BASE}/v1/auth/login`,
      JSON.stringify({ email: `seed-${SEED_RUN}-o${i}@example.org`, password: PASSWORD }),
      { headers, responseType: 'text' });
    if (r.status !== 200) continue;
    const token = r.json('access_token');
    const orgs = http.get(`${BASE}/v1/me/organizations`,
      { headers: Object.assign({ authorization: `Bearer ${token}` }, headers), responseType: 'text' });
    if (orgs.status === 200 && orgs.json('items').length) owners.push({ token, org: orgs.json('items')[0].id });
  }
  const missions = [];
  for (let page = 0; page < 8; page++) {
    const r = http.get(`${BASE}/v1/search/missions?per_page=50&page=${page}`, { responseType: 'text' });
    if (r.status === 200) for (const h of r.json('hits')) missions.push(h.id);
  }
  return { sessions, owners, missions };
}

const WORDS = ['aide', 'repas', 'enfants', 'sport', 'solidarité', 'zzqx', 'xylophone'];

export default function (data) {
  const roll = Math.random();
  if (roll < 0.4) {
    const email = `drill-${RUN}-${__VU}-${__ITER}@example.org`;
    const r = http.post(`${BASE}/v1/auth/signup`, JSON.stringify({
      email, first_name: 'Léa', last_name: 'Martin', birth_date: yearsAgo(36),
      postcode: '69003', terms_accepted: true, terms_version: '2026-01',
    }), params('signup'));
    if (r.status === 202) signupsAccepted.add(1);
    check(r, { 'signup answered': (x) => [202, 400, 403, 429, 503].includes(x.status) });
  } else if (roll < 0.6 && data.sessions.length && data.missions.length) {
    const token = data.sessions[Math.floor(Math.random() * data.sessions.length)];
    // A fifth of the applications go to the five missions shown on
    // television: their last places, then "full", never "overloaded".
    const tv = Math.random() < 0.2;
    const pool = tv ? data.missions.slice(0, 5) : data.missions;
    const mission = pool[Math.floor(Math.random() * pool.length)];
    const r = http.post(`${BASE}/v1/missions/${mission}/participations`,
      JSON.stringify({ motivation: 'Disponible le soir.' }), params(tv ? 'apply_television' : 'apply', token));
    if (r.status === 201) applicationsCreated.add(1);
    check(r, { 'application answered': (x) => [201, 403, 409, 422, 429, 503].includes(x.status) });
  } else if (roll < 0.63 && data.owners.length) {
    // The organisation's journey: write a mission, submit it for review.
    const owner = data.owners[Math.floor(Math.random() * data.owners.length)];
    const created = http.post(`${BASE}/v1/organizations/${owner.org}/missions`, JSON.stringify({
      title: 'Distribution de repas', format: 'on_site', capacity: 10,
      description: 'Aider à préparer et distribuer des repas chauds aux personnes sans abri, le mercredi soir.',
      domain: 'solidarity_inclusion', skills: ['food_distribution'], audience: ['people_in_precarity'],
      addresses: [{ postcode: '69003', city: 'Lyon', latitude: 45.76, longitude: 4.83 }],
      start_date: daysFromToday(40), end_date: daysFromToday(115), commitment: { kind: 'per_week', hours: 3 },
    }), params('mission', owner.token));
    check(created, { 'mission answered': (x) => [201, 429, 503].includes(x.status) });
    if (created.status === 201) {
      const id = created.json('id');
      const r = http.post(`${BASE}/v1/missions/${id}/transitions`,
        JSON.stringify({ to: 'pending_review' }), params('submit', owner.token));
      if (r.status === 200) missionsSubmitted.add(1);
      check(r, { 'submission answered': (x) => [200, 429, 503].includes(x.status) });
    }
  } else if (roll < 0.85) {
    const r = http.get(`${BASE}/v1/missions?limit=20`, params('listing'));
    check(r, { 'listing answered': (x) => x.status === 200 });
  } else {
    const word = WORDS[Math.floor(Math.random() * WORDS.length)];
    const r = http.get(`${BASE}/v1/search/missions?q=${encodeURIComponent(word)}&facets=domain,department`, params('search'));
    check(r, { 'search answered': (x) => [200, 429, 503].includes(x.status) });
  }
}
