// Generated from openapi/openapi.json by `npm run generate`; do not edit.
// `npm test` fails when this file and the document disagree.

/** Operations that take an `Idempotency-Key`: the client sends one per call, reused on retry. */
export const IDEMPOTENT_OPERATIONS: ReadonlyArray<{ method: string; path: string }> = [
  {
    "method": "POST",
    "path": "/v1/auth/signup"
  },
  {
    "method": "POST",
    "path": "/v1/missions/{id}/participations"
  },
  {
    "method": "POST",
    "path": "/v1/organizations"
  },
  {
    "method": "POST",
    "path": "/v1/organizations/{id}/missions"
  }
];
