// Built-in search latency, one query at a time (no queueing): a few
// hundred varied queries (text, filters, around a town, facets), with
// caching defeated by a unique parameter. Run by scripts/measure-search.sh.
import http from 'k6/http';
import { check } from 'k6';
import { Trend } from 'k6/metrics';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8080';
const N = Number(__ENV.N || 300);
// A fresh process prepares each statement on each pooled connection the
// first time: that start-up cost is not a search's. WARMUP queries of the
// same shapes, on their second page (so never the measured ones' cache
// entries), go first and are not counted.
const WARMUP = Number(__ENV.WARMUP || 40);
const latency = new Trend('search_ms', true);

const WORDS = ['repas', 'médiation', 'mediation', 'soutien scolaire', 'nature', 'sport', 'musée', 'sang', 'lecture', 'jardin', ''];
const DOMAINS = ['health', 'education', 'environment', 'solidarity_inclusion', 'sport', 'culture_leisure'];
const TOWNS = [[48.8566, 2.3522], [45.764, 4.8357], [43.2965, 5.3698], [43.6047, 1.4442], [50.6292, 3.0573], [47.2184, -1.5536], [48.5734, 7.7521]];

export const options = {
  vus: 1,
  iterations: 1,
  summaryTrendStats: ['med', 'p(90)', 'p(99)', 'max', 'count'],
  thresholds: { checks: ['rate==1'] },
};

function query(i) {
  // per_page varies so that no two queries share a cache entry.
  const params = [`per_page=${10 + (i % 41)}`];
  const word = WORDS[i % WORDS.length];
  if (word) params.push(`q=${encodeURIComponent(word)}`);
  if (i % 2 === 0) params.push(`domains=${DOMAINS[i % DOMAINS.length]}`);
  if (i % 3 === 0) {
    const [lat, lng] = TOWNS[i % TOWNS.length];
    params.push(`lat=${lat}`, `lng=${lng}`, `radius_km=${[10, 30, 100][i % 3 === 0 ? (i / 3) % 3 : 0]}`);
  }
  if (i % 4 === 0) params.push('facets=domain,format,skills,department');
  if (i % 5 === 0) params.push('has_places=true');
  return params;
}

export default function () {
  for (let i = 0; i < WARMUP; i++) {
    const r = http.get(`${BASE}/v1/search/missions?${query(i).concat('page=1').join('&')}`);
    check(r, { 'a warm-up result': (x) => x.status === 200 });
  }
  for (let i = 0; i < N; i++) {
    const r = http.get(`${BASE}/v1/search/missions?${query(i).join('&')}`);
    check(r, { 'a search result': (x) => x.status === 200 && Array.isArray(x.json('hits')) });
    latency.add(r.timings.duration);
  }
}
