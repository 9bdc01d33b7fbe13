// The typed client: openapi-fetch on the generated paths, plus what every
// SPA call needs and should not repeat: the bearer token, the refresh
// cookie, one shared refresh on `token_expired`, an Idempotency-Key per
// create reused on retry, and problem+json thrown as ApiProblem.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';
import { IDEMPOTENT_OPERATIONS } from './operations.js';
import { readProblem, retryAfter, type ApiProblem } from './problem.js';

export type RenfortApi = Client<paths>;

export interface RenfortClientOptions {
  /** The API's origin, e.g. `https://api.renfort.example`. */
  baseUrl: string;
  /** A fetch of your own (tests, a cookie jar outside the browser). */
  fetch?: typeof globalThis.fetch;
  /** An access token from an earlier sign-in, if any. */
  accessToken?: string | null;
  /** Told when the access token changes (sign-in, refresh, sign-out). */
  onAccessToken?: (token: string | null) => void;
  /**
   * Retries of a call that may safely be sent again (reads, and creates
   * with their Idempotency-Key) after a network failure or a 503 whose
   * Retry-After is at most `maxRetryAfter` seconds. 1 by default.
   */
  retries?: number;
  maxRetryAfter?: number;
}

export interface RenfortClient {
  /** Every operation of the API, typed: `api.GET('/v1/missions/{id}', …)`. */
  api: RenfortApi;
  get accessToken(): string | null;
  /** Keep the access token of a session response (sign-in, activation). */
  setAccessToken(token: string | null): void;
  /**
   * Exchange the refresh cookie for a new access token. Concurrent callers
   * share one exchange. Throws ApiProblem `invalid_refresh_token` when
   * the session is over.
   */
  refresh(): Promise<string>;
  /** Sign in: the access token is kept, the refresh cookie set by the API. */
  signIn(email: string, password: string): Promise<void>;
  /** Sign out: the session ends on the server and the cookie is removed. */
  signOut(): Promise<void>;
}

const REFRESH_PATH = '/v1/auth/refresh';
const AUTH_PATHS = new Set([REFRESH_PATH, '/v1/auth/login', '/v1/auth/logout', '/v1/auth/activate']);

function takesIdempotencyKey(method: string, schemaPath: string): boolean {
  return IDEMPOTENT_OPERATIONS.some((op) => op.method === method && op.path === schemaPath);
}

function newKey(): string {
  return globalThis.crypto.randomUUID();
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export function createRenfortClient(options: RenfortClientOptions): RenfortClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const retries = options.retries ?? 1;
  const maxRetryAfter = options.maxRetryAfter ?? 5;
  let accessToken = options.accessToken ?? null;
  let refreshing: Promise<string> | null = null;
  // A copy of each request as first sent, to send again (retry, refresh).
  const sent = new Map<string, Request>();

  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: fetchImpl,
    credentials: 'include',
  });

  const setAccessToken = (token: string | null) => {
    if (token === accessToken) return;
    accessToken = token;
    options.onAccessToken?.(token);
  };

  const refresh = (): Promise<string> => {
    refreshing ??= (async () => {
      try {
        const { data } = await api.POST(REFRESH_PATH, {});
        setAccessToken(data!.access_token);
        return data!.access_token;
      } catch (problem) {
        setAccessToken(null);
        throw problem;
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const resend = (id: string, token: string | null): Promise<Response> => {
    const again = sent.get(id)!.clone();
    if (token) again.headers.set('authorization', `Bearer ${token}`);
    return fetchImpl(again);
  };

  const canResend = (request: Request) =>
    request.method === 'GET' || request.headers.has('idempotency-key');

  const middleware: Middleware = {
    onRequest({ request, schemaPath, id }) {
      if (accessToken && !request.headers.has('authorization') && !AUTH_PATHS.has(schemaPath)) {
        request.headers.set('authorization', `Bearer ${accessToken}`);
      }
      if (takesIdempotencyKey(request.method, schemaPath) && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', newKey());
      }
      sent.set(id, request.clone());
      return request;
    },

    async onResponse({ request, response, schemaPath, id }) {
      try {
        let answer = response;
        // An expired access token: one refresh, shared, then once again.
        if (answer.status === 401 && !AUTH_PATHS.has(schemaPath) && request.headers.has('authorization')) {
          const problem = await readProblem(answer);
          if (problem.code === 'token_expired') {
            // Sent with a token a refresh has replaced since (its answer
            // came after that refresh ended): the new token, no new refresh.
            const replaced = accessToken !== null && request.headers.get('authorization') !== `Bearer ${accessToken}`;
            answer = await resend(id, replaced ? accessToken : await refresh());
          }
        }
        // Busy for a moment: the same request, with the same key, again.
        for (let attempt = 0; attempt < retries && answer.status === 503 && canResend(request); attempt++) {
          const wait = retryAfter(answer);
          if (wait === null || wait > maxRetryAfter) break;
          await sleep(wait);
          answer = await resend(id, accessToken);
        }
        if (!answer.ok) throw await readProblem(answer);
        return answer;
      } finally {
        sent.delete(id);
      }
    },

    async onError({ request, error, id }) {
      // The network failed before any answer: send again what is safe to
      // send twice (a read, or a create with its Idempotency-Key); the
      // answer then goes through onResponse like any other.
      if (retries > 0 && canResend(request)) {
        try {
          return await resend(id, accessToken);
        } catch {
          // Still unreachable: the first error is the one to report.
        }
      }
      sent.delete(id);
      return error instanceof Error ? error : new Error(String(error));
    },
  };
  api.use(middleware);

  return {
    api,
    get accessToken() {
      return accessToken;
    },
    setAccessToken,
    refresh,
    async signIn(email, password) {
      const { data } = await api.POST('/v1/auth/login', { body: { email, password } });
      setAccessToken(data!.access_token);
    },
    async signOut() {
      try {
        await api.POST('/v1/auth/logout', {});
      } finally {
        setAccessToken(null);
      }
    },
  };
}

export type { ApiProblem };
