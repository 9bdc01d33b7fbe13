// The 2020 "se porter volontaire" journey: sign up, follow the activation
// link (development mailbox), activate, log in, search near a town, open a
// mission, apply, choosing a shift with places where the mission has
// shifts. Needs auth.dev_mailbox on and seeded missions (one in ten has
// shifts).
//   k6 run -e BASE_URL=http://127.0.0.1:8080 k6/volunteer_journey.js
import { check, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { post, get, authed, login, uniqueEmail, signupBody, tokenFromMailbox, randomTown, PASSWORD, summarize } from './lib.js';

const applied = new Counter('applications_accepted');
const full = new Counter('applications_full');
const onShifts = new Counter('applications_on_shifts');

export const options = {
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    volunteers: {
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnit: '1s',
      preAllocatedVUs: 50,
      maxVUs: 200,
      stages: [
        { target: Number(__ENV.RATE || 10), duration: __ENV.RAMP || '10s' },
        { target: Number(__ENV.RATE || 10), duration: __ENV.HOLD || '30s' },
      ],
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    'http_req_duration{step:signup}': ['p(95)<100', 'p(99)<200'],
    'http_req_duration{step:search}': ['p(95)<200', 'p(99)<400'],
    'http_req_duration{step:mission}': ['p(95)<100', 'p(99)<200'],
    'http_req_duration{step:apply}': ['p(95)<200', 'p(99)<400'],
    checks: ['rate>0.999'],
  },
};

export default function () {
  const email = uniqueEmail('journey');
  const s = post('/v1/auth/signup', signupBody(email), { tags: { step: 'signup' } });
  check(s, { 'signup accepted': (r) => r.status === 202 && r.json('status') === 'accepted' });
  sleep(0.5); // reading the email
  const token = tokenFromMailbox(email, 'activation');
  check(token, { 'activation link received': (t) => t !== null });
  const a = post('/v1/auth/activate', { token, password: PASSWORD }, { tags: { step: 'activate' } });
  check(a, { activated: (r) => r.status === 200 && r.json('expires_in') === 900 });
  const access = login(email, PASSWORD);
  if (!access) return;
  const [lat, lng] = randomTown();
  const found = get(`/v1/search/missions?lat=${lat}&lng=${lng}&radius_km=50&has_places=true&per_page=10`, { tags: { step: 'search' } });
  check(found, { 'missions found nearby': (r) => r.status === 200 && Array.isArray(r.json('hits')) });
  const hits = found.json('hits') || [];
  if (hits.length === 0) return;
  // Like a person browsing, up to three pages are opened; one offered on
  // shifts with places is chosen first.
  let mission;
  let page;
  for (let look = 0; look < 3; look++) {
    mission = hits[Math.floor(Math.random() * hits.length)];
    page = get(`/v1/missions/${mission.id}`, { tags: { step: 'mission' } });
    check(page, { 'mission page': (r) => r.status === 200 && r.json('id') === mission.id });
    if (page.status === 200 && (page.json('shifts') || []).some((s) => s.places_left > 0)) break;
  }
  const body = page.json('motivation_required') ? { motivation: 'Disponible le mercredi soir.' } : {};
  if (page.json('has_shifts')) {
    // The volunteer picks one of the shifts that still shows places.
    const open = (page.json('shifts') || []).filter((s) => s.places_left > 0);
    if (open.length === 0) return;
    body.shift_ids = [open[Math.floor(Math.random() * open.length)].id];
  }
  const r = post(`/v1/missions/${mission.id}/participations`, body, Object.assign({ tags: { step: 'apply' } }, authed(access)));
  if (r.status === 201) applied.add(1);
  if (r.status === 201 && body.shift_ids) onShifts.add(1);
  if (r.status === 409 && ['mission_full', 'shift_full'].includes(r.json('code'))) full.add(1);
  check(r, {
    'applied, or told why not': (x) =>
      (x.status === 201 && x.json('state') === 'pending') ||
      (x.status === 409 && ['mission_full', 'shift_full', 'registration_closed'].includes(x.json('code'))) ||
      (x.status === 422 && ['too_young', 'parental_consent_required'].includes(x.json('code'))),
  });
}

export function handleSummary(data) {
  return summarize('volunteer_journey', data);
}
