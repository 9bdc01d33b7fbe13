// Whether the time of "forgot password" and "resend activation" tells
// which addresses have an account: N requests each for known and unknown
// addresses, interleaved, one at a time; the medians are compared.
// Known addresses are all distinct, like unknown ones, as an attacker
// probing a list would send them. Run by scripts/measure-account-timing.sh.
import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { post, signupBody, uniqueEmail } from './lib.js';

const N = Number(__ENV.N || 200);
const SEED_RUN = __ENV.SEED_RUN;
const trends = {
  forgot_known: new Trend('forgot_known_ms', true),
  forgot_unknown: new Trend('forgot_unknown_ms', true),
  resend_known: new Trend('resend_known_ms', true),
  resend_unknown: new Trend('resend_unknown_ms', true),
};

export const options = {
  vus: 1,
  iterations: 1,
  setupTimeout: '120s',
  summaryTrendStats: ['med', 'p(90)', 'min', 'max', 'count'],
  thresholds: { checks: ['rate==1'] },
};

export function setup() {
  // Accounts waiting for activation: signed up, never activated.
  const pending = [];
  for (let i = 0; i < N; i++) {
    const email = uniqueEmail('pending');
    const r = post('/v1/auth/signup', signupBody(email));
    check(r, { 'signup 202': (x) => x.status === 202 });
    pending.push(email);
  }
  return { pending };
}

function timed(name, path, email) {
  const r = post(path, { email });
  check(r, { [`${name} 202`]: (x) => x.status === 202 });
  trends[name].add(r.timings.duration);
}

export default function (data) {
  for (let i = 0; i < N; i++) {
    // Seeded volunteers are active: a reset link is for them.
    timed('forgot_known', '/v1/auth/password/forgot', `seed-${SEED_RUN}-v${i}@example.org`);
    timed('forgot_unknown', '/v1/auth/password/forgot', uniqueEmail('nobody'));
    timed('resend_known', '/v1/auth/activation/resend', data.pending[i]);
    timed('resend_unknown', '/v1/auth/activation/resend', uniqueEmail('nobody'));
  }
}
