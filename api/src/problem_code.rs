//! Every `code` a problem+json answer can carry, in one list. The SPA
//! translates these codes, so they are part of the contract: the OpenAPI
//! document publishes the list as the enum of `Problem.code`, and the
//! TypeScript client's `ProblemCode` union is generated from it. A code
//! that is not here cannot be answered: services and handlers name codes
//! by this type, never by a string.
//!
//! Field-level codes inside `errors[]` (`required`, `too_long`, …) are a
//! separate vocabulary, kept by `domain::validation`.

use serde::Serialize;

macro_rules! problem_codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $code:literal,)+) => {
        /// Stable machine code of a problem; the SPA translates it.
        // The name of each variant is its code in snake case; a test
        // checks that `as_str` agrees.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ProblemCode {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl ProblemCode {
            /// The whole list, in the order written here.
            pub const ALL: &'static [ProblemCode] = &[$(ProblemCode::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ProblemCode::$variant => $code,)+
                }
            }
        }
    };
}

problem_codes! {
    // --- bare HTTP statuses (routing and framework refusals) ---------------
    /// 400 with nothing more specific to say.
    BadRequest = "bad_request",
    /// 401: sign in first.
    Unauthenticated = "unauthenticated",
    /// 403 with nothing more specific to say.
    Forbidden = "forbidden",
    /// 404: absent, or not the caller's to see (the two read the same).
    NotFound = "not_found",
    /// 405.
    MethodNotAllowed = "method_not_allowed",
    /// 406.
    NotAcceptable = "not_acceptable",
    /// 408.
    RequestTimeout = "request_timeout",
    /// 409 with nothing more specific to say.
    Conflict = "conflict",
    /// 413: the body is larger than the service takes.
    PayloadTooLarge = "payload_too_large",
    /// 414.
    UriTooLong = "uri_too_long",
    /// 415: the body is not `application/json`.
    UnsupportedMediaType = "unsupported_media_type",
    /// 422: one or more fields are invalid; `errors[]` names them.
    ValidationFailed = "validation_failed",
    /// 429: `Retry-After` and `RateLimit-*` say when to come back.
    RateLimited = "rate_limited",
    /// 431.
    HeadersTooLarge = "headers_too_large",
    /// 503 with nothing more specific to say.
    Unavailable = "unavailable",
    /// 500: quote the `request_id` when reporting it.
    InternalError = "internal_error",
    /// Any other status.
    HttpError = "http_error",

    // --- the request as sent ----------------------------------------------
    /// 400: the body is not valid JSON, or not of the expected shape.
    MalformedJson = "malformed_json",
    /// 400: the body could not be read.
    MalformedBody = "malformed_body",
    /// 400: a NUL character in a text field or query parameter.
    NulCharacter = "nul_character",
    /// 400: a query parameter is malformed.
    InvalidQuery = "invalid_query",
    /// 400: the `Idempotency-Key` header is malformed.
    InvalidIdempotencyKey = "invalid_idempotency_key",
    /// 409: the same `Idempotency-Key` is still being processed.
    IdempotencyInProgress = "idempotency_in_progress",
    /// 422: the `Idempotency-Key` was used for a different request.
    IdempotencyKeyReused = "idempotency_key_reused",
    /// 400: a webhook event could not be read.
    MalformedEvent = "malformed_event",

    // --- who is asking ------------------------------------------------------
    /// 401: the access token has expired; refresh and retry.
    TokenExpired = "token_expired",
    /// 401 or 400: a token (access, activation, reset, invitation, webhook)
    /// is invalid or used.
    InvalidToken = "invalid_token",
    /// 401: the session was ended (logout everywhere, password change,
    /// suspension); sign in again.
    TokenRevoked = "token_revoked",
    /// 401: the refresh cookie is missing, expired, reused or revoked.
    InvalidRefreshToken = "invalid_refresh_token",
    /// 401: wrong address or password (the two read the same).
    InvalidCredentials = "invalid_credentials",
    /// 403: the account is suspended.
    AccountSuspended = "account_suspended",
    /// 401: `X-Api-Key` is missing, malformed, unknown, rotated or revoked.
    InvalidApiKey = "invalid_api_key",
    /// 403: the API key lacks the scope this operation needs.
    ScopeMissing = "scope_missing",
    /// 403: for platform administrators only.
    AdminOnly = "admin_only",
    /// 403: for referents and administrators only.
    ModeratorsOnly = "moderators_only",
    /// 403: for members of the organisation only.
    MembersOnly = "members_only",
    /// 403: for owners of the organisation only.
    OwnersOnly = "owners_only",
    /// 403: writes are not served in the client's country.
    RegionNotServed = "region_not_served",
    /// 400: the bot challenge is required (see `GET /v1/status`).
    ChallengeRequired = "challenge_required",
    /// 400: the bot challenge's answer is wrong, expired or used.
    ChallengeFailed = "challenge_failed",
    /// 503: the bot challenge's verifier cannot be reached.
    ChallengeUnavailable = "challenge_unavailable",

    // --- the domain's rules -------------------------------------------------
    /// 409: the object's state does not allow this move;
    /// `allowed_transitions` lists those it does.
    InvalidTransition = "invalid_transition",
    /// 409: the address belongs to another account.
    EmailTaken = "email_taken",
    /// 409: an administrator cannot suspend their own account.
    CannotSuspendSelf = "cannot_suspend_self",
    /// 409: the object is under review; material edits wait for the answer.
    UnderReview = "under_review",
    /// 409: the organisation is suspended or archived.
    OrganizationInactive = "organization_inactive",
    /// 409: the organisation is not approved yet.
    OrganizationNotApproved = "organization_not_approved",
    /// 409: the mission's state freezes this change.
    MissionFrozen = "mission_frozen",
    /// 409: the capacity would fall below the places already taken.
    CapacityBelowTaken = "capacity_below_taken",
    /// 409: only a draft can be deleted.
    NotADraft = "not_a_draft",
    /// 409: the organisation would be left without an owner.
    LastOwner = "last_owner",
    /// 422: the volunteer's profile lacks what applying needs.
    ProfileIncomplete = "profile_incomplete",
    /// 422: the volunteer is under the mission's minimum age.
    TooYoung = "too_young",
    /// 422: the volunteer is a minor and the mission asks for a parent's or
    /// guardian's consent: apply again with `parental_consent`.
    ParentalConsentRequired = "parental_consent_required",
    /// 409: the volunteer already applied to this mission.
    AlreadyApplied = "already_applied",
    /// 409: members of the organisation cannot apply to its missions.
    MemberOfOrganization = "member_of_organization",
    /// 409: the mission does not take applications now.
    RegistrationClosed = "registration_closed",
    /// 409: no place is left on the mission.
    MissionFull = "mission_full",
    /// 409: the API key was revoked and cannot be rotated.
    ApiKeyRevoked = "api_key_revoked",
    /// 409: the mission known by this `client_id` was cancelled; a new
    /// mission takes a new `client_id`.
    MissionCancelled = "mission_cancelled",
    /// 409: a live organisation already has this SIRET or RNA number;
    /// `existing_organization` names it and its public page.
    OrganizationExists = "organization_exists",
    /// 409: the network link asked for cannot be made (already in a
    /// network, a head joining another, a branch as head).
    NetworkConflict = "network_conflict",
    /// 409: only an accepted participation goes in a calendar.
    ParticipationNotAccepted = "participation_not_accepted",
    /// 409: the mission still has places: apply instead of waiting.
    PlacesLeft = "places_left",
    /// 409: one cannot report one's own message.
    OwnMessage = "own_message",
    /// 409: a shift chosen has no place left; `shift_id` names it.
    ShiftFull = "shift_full",
    /// 409: a shift cancelled or past cannot be changed.
    ShiftClosed = "shift_closed",
    /// 409: a mission keeps at least one shift: cancel the mission instead.
    LastShift = "last_shift",
    /// 409: shifts cannot be added to a mission that already holds
    /// applications without them.
    ShiftsAfterApplications = "shifts_after_applications",
    /// 409: the participation no longer holds a place (declined,
    /// cancelled, completed): its shifts cannot change.
    ParticipationClosed = "participation_closed",
    /// 409: the birth date judged an application; it changes only through
    /// `POST /v1/me/birth-date-correction`, which is recorded.
    BirthDateLocked = "birth_date_locked",
    // --- capacity -------------------------------------------------------------
    /// 503: the service is at capacity; retry after `Retry-After`.
    Overloaded = "overloaded",
    /// 503: the database is saturated; retry after `Retry-After`.
    DatabaseBusy = "database_busy",
    /// 503: the database cannot be reached; nothing was saved.
    DatabaseUnavailable = "database_unavailable",
    /// 503: this heavy read is paused while the service is degraded.
    DegradedUnavailable = "degraded_unavailable",
    /// 503: search is served from cache only while degraded, and this
    /// search is not in it.
    SearchDegraded = "search_degraded",
    /// 503: a concurrent request holds what this one needs; retry.
    Busy = "busy",
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_serialises_as_written_and_once() {
        let mut seen = std::collections::HashSet::new();
        for code in ProblemCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert!(code
                .as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }
}
