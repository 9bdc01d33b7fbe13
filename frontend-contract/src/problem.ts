// Errors as the API sends them: RFC 9457 problem+json with a stable code.
import type { components } from './schema.js';

export type ProblemBody = components['schemas']['Problem'];
/** Every code the API can answer, generated from the server's own list. */
export type ProblemCode = components['schemas']['ProblemCode'];
export type FieldError = components['schemas']['FieldError'];

/** A refusal of the API, thrown by the client for every 4xx and 5xx. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly body: ProblemBody;
  /** Seconds to wait before retrying (`Retry-After` of a 429 or 503). */
  readonly retryAfter: number | null;
  /** `X-Request-Id`, to quote in a report. */
  readonly requestId: string | null;
  /** The quota a 429 counted against (`RateLimit-*`), when the API said it. */
  readonly rateLimit: RateLimit | null;

  constructor(body: ProblemBody, response: Response) {
    const fields = (body.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    super(`${body.status} ${body.code}: ${body.detail ?? body.title}${fields ? ` (${fields})` : ''}`);
    this.name = 'ApiProblem';
    this.status = body.status;
    this.code = body.code;
    this.body = body;
    this.retryAfter = retryAfter(response);
    this.requestId = response.headers.get('x-request-id') ?? body.request_id ?? null;
    this.rateLimit = rateLimit(response);
  }

  /**
   * The `errors[]` of a `validation_failed`, by form field: `email`,
   * `addresses[0].postcode`, each with its messages.
   */
  fieldErrors(): Record<string, { code: string; message: string }[]> {
    const byField: Record<string, { code: string; message: string }[]> = {};
    for (const e of this.body.errors ?? []) {
      (byField[e.field] ??= []).push({ code: e.code, message: e.message });
    }
    return byField;
  }

  /** Problem-specific members, e.g. `current_state`, `allowed_transitions`. */
  extension<T = unknown>(name: string): T | undefined {
    return (this.body as Record<string, unknown>)[name] as T | undefined;
  }

  /** On `invalid_transition`: the moves the object's state allows. */
  get allowedTransitions(): string[] {
    return this.extension<string[]>('allowed_transitions') ?? [];
  }
}

/** `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds). */
export interface RateLimit {
  limit: number;
  remaining: number;
  reset: number;
}

/** The `RateLimit-*` headers of an answer, or null when it has none. */
export function rateLimit(response: Response): RateLimit | null {
  const read = (name: string) => {
    const value = response.headers.get(name);
    return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : null;
  };
  const [limit, remaining, reset] = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map(read);
  return limit === null || remaining === null || reset === null ? null : { limit, remaining, reset };
}

/** `Retry-After` in seconds, or null when absent or unreadable. */
export function retryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Reads a problem+json answer, or makes one for a bare error status. */
export async function readProblem(response: Response): Promise<ApiProblem> {
  const type = response.headers.get('content-type') ?? '';
  let body: ProblemBody | null = null;
  if (type.includes('json')) {
    body = (await response.clone().json().catch(() => null)) as ProblemBody | null;
  }
  if (!body || typeof body.code !== 'string') {
    body = {
      type: 'about:blank',
      title: response.statusText || 'Error',
      status: response.status,
      code: response.status >= 500 ? 'internal_error' : 'http_error',
    } as ProblemBody;
  }
  return new ApiProblem(body, response);
}
