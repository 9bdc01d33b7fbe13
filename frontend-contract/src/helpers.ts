// Small typed helpers the SPA needs around the generated client.
import type { RenfortClient } from './client.js';
import type { components, paths } from './schema.js';

export type ServiceStatus = components['schemas']['Status'];

/**
 * The service mode and what it changes (`GET /v1/status`): in degraded
 * mode, say that emails may be late and listings slightly stale, and run
 * the signup challenge when `challenge.required`.
 */
export async function serviceStatus(client: RenfortClient): Promise<ServiceStatus> {
  const { data } = await client.api.GET('/v1/status');
  return data!;
}

type SearchQuery = NonNullable<paths['/v1/search/missions']['get']['parameters']['query']>;
type Facet = 'domain' | 'skills' | 'department' | 'format' | 'audience';

/** A mission search as a form holds it; `searchQuery` turns it into the query. */
export interface SearchFilters {
  text?: string;
  domains?: string[];
  skills?: string[];
  departments?: string[];
  formats?: ('on_site' | 'remote' | 'hybrid')[];
  audiences?: string[];
  withPlacesLeft?: boolean;
  /** `YYYY-MM-DD` */
  from?: string;
  until?: string;
  /** Around a place: `radiusKm` without it means anywhere. */
  near?: { lat: number; lng: number; radiusKm?: number };
  facets?: Facet[];
  page?: number;
  perPage?: number;
}

/** The query of `GET /v1/search/missions` for these filters. */
export function searchQuery(filters: SearchFilters): SearchQuery {
  const list = (values?: string[]) => (values && values.length ? [...new Set(values)].join(',') : undefined);
  const query: SearchQuery = {
    q: filters.text?.trim() || undefined,
    domains: list(filters.domains),
    skills: list(filters.skills),
    departments: list(filters.departments),
    formats: list(filters.formats),
    audiences: list(filters.audiences),
    has_places: filters.withPlacesLeft || undefined,
    from: filters.from,
    until: filters.until,
    lat: filters.near?.lat,
    lng: filters.near?.lng,
    radius_km: filters.near ? filters.near.radiusKm : undefined,
    facets: list(filters.facets),
    page: filters.page,
    per_page: filters.perPage,
  };
  for (const key of Object.keys(query) as (keyof SearchQuery)[]) {
    if (query[key] === undefined) delete query[key];
  }
  return query;
}

/**
 * Every item of a keyset-paginated list, page after page, following
 * `next_cursor`:
 *   for await (const p of pages((cursor) => client.api
 *     .GET('/v1/me/participations', { params: { query: { cursor } } })
 *     .then((r) => r.data!))) { … }
 */
export async function* pages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor?: string | null }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/**
 * Solves the built-in proof of work of signup: the value of the header
 * `status.challenge.header` (`challenge:nonce` whose SHA-256 starts with
 * `difficulty` zero bits). A few seconds of a browser's time at the
 * default difficulty; nothing for a person, a cost for a bot farm.
 */
export async function solveProofOfWork(challenge: string, difficulty: number): Promise<string> {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    const candidate = `${challenge}:${nonce}`;
    const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(candidate)));
    if (leadingZeroBits(hash) >= difficulty) return candidate;
  }
}

/**
 * The header a signup must carry now, solved: empty when no challenge is
 * required, the proof of work's solution when that is the kind in force.
 * For Friendly Captcha, the SPA shows the widget with `site_key` and sends
 * its answer in the same header instead.
 */
export async function signupChallenge(client: RenfortClient): Promise<Record<string, string>> {
  const { challenge } = await serviceStatus(client);
  if (!challenge.required) return {};
  if (challenge.kind !== 'proof_of_work') {
    throw new Error(`the ${challenge.kind} challenge is solved by its widget, with site key ${challenge.site_key}`);
  }
  const { data } = await client.api.GET('/v1/challenge');
  return { [challenge.header]: await solveProofOfWork(data!.challenge, data!.difficulty) };
}
