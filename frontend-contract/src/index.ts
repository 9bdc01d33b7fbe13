// @renfort/client: the SPA's contract with Renfort's API.
export { createRenfortClient } from './client.js';
export type { RenfortApi, RenfortClient, RenfortClientOptions } from './client.js';
export { ApiProblem, rateLimit, retryAfter } from './problem.js';
export type { FieldError, ProblemBody, ProblemCode, RateLimit } from './problem.js';
export { IDEMPOTENT_OPERATIONS } from './operations.js';
export { pages, searchQuery, serviceStatus, signupChallenge, solveProofOfWork } from './helpers.js';
export type { SearchFilters, ServiceStatus } from './helpers.js';
export type { components, paths } from './schema.js';
