// The cost of one signup and one login, one request at a time (no
// queueing): the median is the server's own work plus one loopback round
// trip. Run by scripts/measure-auth.sh.
import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { post, signupBody, uniqueEmail, activatedAccount, PASSWORD } from './lib.js';

const signupMs = new Trend('signup_ms', true);
const loginMs = new Trend('login_ms', true);
const N = Number(__ENV.N || 300);

export const options = {
  vus: 1,
  iterations: 1,
  summaryTrendStats: ['med', 'p(90)', 'p(99)', 'min', 'max', 'count'],
  thresholds: { checks: ['rate==1'] },
};

export default function () {
  for (let i = 0; i < N; i++) {
    const r = post('/v1/auth/signup', signupBody(uniqueEmail('cost')));
    check(r, { 'signup 202': (x) => x.status === 202 });
    signupMs.add(r.timings.duration);
  }
  const account = activatedAccount('login');
  for (let i = 0; i < N; i++) {
    const r = post('/v1/auth/login', { email: account.email, password: PASSWORD });
    check(r, { 'login 200 with a token': (x) => x.status === 200 && x.json('access_token').length > 20 });
    loginMs.add(r.timings.duration);
  }
}
