//! `/v1/auth`: signup, activation, sessions, password reset.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::extract::{parse_json, Json};
use super::guard::{
    human_check, idempotent, ip_key, limit_guesses, limit_ip_and_address, rate_limit,
    region_allows_write,
};
use super::problem::Problem;
use super::views::Accepted;
use crate::domain::account::{EmailAddress, ProfileInput};
use crate::domain::origin::Origin;
use crate::domain::validation::{invalid, Errors};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::services::accounts::{self, AccountEmail};
use crate::services::intake::Signup;
use crate::services::sessions::{self, IssuedSession};
use crate::state::AppState;

pub const REFRESH_COOKIE: &str = "renfort_refresh";
const COOKIE_PATH: &str = "/v1/auth";

/// The volunteer profile given at signup.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    #[schema(format = Email, max_length = 254, example = "lea.martin@example.org")]
    pub email: String,
    #[schema(min_length = 1, max_length = 80, pattern = r"\S", example = "Léa")]
    pub first_name: String,
    #[schema(min_length = 1, max_length = 80, pattern = r"\S", example = "Martin")]
    pub last_name: String,
    /// 16 to 100 years ago.
    #[schema(value_type = String, format = Date, example = "1998-04-12")]
    pub birth_date: NaiveDate,
    /// French postcode; the department is derived from it.
    #[schema(
        pattern = r"^((0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5])[0-9]{3}|20[0126][0-9]{2}|97[12346][0-9]{2})$",
        example = "69003"
    )]
    pub postcode: String,
    /// French (`06 12 34 56 78`) or E.164 (`+33612345678`).
    #[serde(default)]
    #[schema(pattern = r"^(\+[1-9][0-9]{7,14}|0[1-9]([ .-]?[0-9]{2}){4})$")]
    pub phone: Option<String>,
    /// Skill slugs from `GET /v1/skills`.
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::taxonomy::SkillSlug>, max_items = 30)]
    pub skills: Vec<String>,
    /// Domain slugs from `GET /v1/domains`.
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::taxonomy::DomainSlug>, max_items = 30)]
    pub domains: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub presentation: Option<String>,
    #[serde(default = "yes")]
    pub visible_to_organizations: bool,
    #[schema(schema_with = super::constraints::must_be_true)]
    pub terms_accepted: bool,
    /// The version of the terms the person accepted.
    #[schema(min_length = 1, max_length = 32, pattern = r"\S", example = "2026-01")]
    pub terms_version: String,
    /// Where the person came from: the campaign's tags of the link that
    /// brought them, and API Engagement's click id. Kept with the
    /// account, never shown to others.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub utm_source: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub utm_medium: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub utm_campaign: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub apiengagement_id: Option<String>,
}

fn yes() -> bool {
    true
}

const SIGNUP_ACCEPTED: Accepted = Accepted {
    status: "accepted",
    detail: "if this address can be used, an email is on its way with what to do next",
};

fn accepted() -> HttpResponse {
    HttpResponse::Accepted().json(SIGNUP_ACCEPTED)
}

/// Sign up as a volunteer. Answers 202 at once, identically whether the
/// address is new or known: a new address receives an activation link, a
/// pending one receives it again, an active one is told that someone tried
/// to sign up with it. No password yet: it is chosen at activation.
/// Supports `Idempotency-Key`.
#[utoipa::path(
    tag = "auth",
    request_body = SignupRequest,
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "makes retries safe"),
        ("Renfort-Challenge" = Option<String>, Header, description = "the solved bot challenge, when `GET /v1/status` says one is required"),
    ),
    responses(
        (status = 202, body = Accepted),
        (status = 400, description = "`challenge_required` or `challenge_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`region_not_served`: sign-ups are taken from the countries served only", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`overloaded`, or `challenge_unavailable` when the challenge vendor cannot answer and the policy fails closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/signup")]
pub async fn signup(
    state: web::Data<AppState>,
    req: HttpRequest,
    Json(body): Json<SignupRequest>,
) -> Result<HttpResponse, ServiceError> {
    region_allows_write(&state, &req)?;
    let mut errors = Errors::new();
    let email = errors.check("email", EmailAddress::parse(&body.email));
    if !body.terms_accepted {
        errors.push(
            "terms_accepted",
            invalid("must_accept", "the terms must be accepted"),
        );
    }
    let terms_version = errors.check(
        "terms_version",
        crate::domain::validation::text(&body.terms_version, 1, 32),
    );
    let profile = ProfileInput {
        first_name: body.first_name.clone(),
        last_name: body.last_name.clone(),
        birth_date: Some(body.birth_date),
        postcode: Some(body.postcode.clone()),
        phone: body.phone.clone(),
        skills: body.skills.clone(),
        domains: body.domains.clone(),
        presentation: body.presentation.clone(),
        visible_to_organizations: body.visible_to_organizations,
    }
    .validate(state.clock().today());
    let origin = Origin {
        utm_source: body.utm_source.clone(),
        utm_medium: body.utm_medium.clone(),
        utm_campaign: body.utm_campaign.clone(),
        apiengagement_id: body.apiengagement_id.clone(),
    }
    .validate();
    let (profile, origin) = match (profile, origin, errors.is_empty()) {
        (Ok(p), Ok(o), true) => (p, o),
        (profile, origin, _) => {
            let mut all = errors.finish(|| ()).err().unwrap_or_default();
            all.extend(profile.err().unwrap_or_default());
            all.extend(origin.err().unwrap_or_default());
            return Err(ServiceError::Validation(all));
        }
    };
    let (email, terms_version) = (email.expect("checked"), terms_version.expect("checked"));
    let limits = &state.settings.limits;
    limit_ip_and_address(
        &state,
        &req,
        "signup",
        &email,
        limits.signup_per_ip,
        limits.signup_per_email,
    )
    .await?;
    // After the limits: a bot hammering with bad solutions uses up its
    // quota, and never makes us call the challenge's vendor past it.
    human_check(&state, &req).await?;
    idempotent(&state, &req, "signup", None, &body, || async {
        let signup = Signup {
            email,
            profile,
            terms_version,
            origin,
        };
        state.intake.signup(signup).await?;
        Ok((StatusCode::ACCEPTED, json!(SIGNUP_ACCEPTED)))
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    #[schema(format = Email, max_length = 254, example = "lea.martin@example.org")]
    pub email: String,
}

fn parse_email(value: &str) -> Result<EmailAddress, ServiceError> {
    EmailAddress::parse(value).map_err(|e| ServiceError::field("email", e.code, &e.message))
}

/// Send the activation link again. Always 202.
#[utoipa::path(tag = "auth", request_body = EmailRequest, responses(
    (status = 202, body = Accepted),
    (status = 429, body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/activation/resend")]
pub async fn resend_activation(
    state: web::Data<AppState>,
    req: HttpRequest,
    Json(body): Json<EmailRequest>,
) -> Result<HttpResponse, ServiceError> {
    ask_for_link(&state, &req, &body, AccountEmail::Activation).await
}

/// Asks for a link by address: limited as a signup (the activation link)
/// or as a password guess (the reset link), then queued whatever the
/// address, so that neither the answer nor its timing says whether an
/// account holds it.
async fn ask_for_link(
    state: &AppState,
    req: &HttpRequest,
    body: &EmailRequest,
    what: AccountEmail,
) -> Result<HttpResponse, ServiceError> {
    let email = parse_email(&body.email)?;
    let limits = &state.settings.limits;
    match what {
        AccountEmail::Activation => {
            let (per_ip, per_email) = (limits.signup_per_ip, limits.signup_per_email);
            limit_ip_and_address(state, req, "signup", &email, per_ip, per_email).await?
        }
        AccountEmail::PasswordReset => {
            limit_guesses(
                state,
                req,
                "password",
                &email,
                limits.password_per_ip,
                limits.password_per_email_ip,
                limits.password_per_email,
            )
            .await?
        }
    }
    accounts::request_account_email(state, &email, what).await?;
    Ok(accepted())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivateRequest {
    /// The token from the activation link.
    #[schema(pattern = r"^[A-Za-z0-9_-]{43}$")]
    pub token: String,
    /// 10 to 128 characters, not a common password, not containing the email.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    /// Non-browser clients: return the refresh token in the body instead
    /// of the cookie alone.
    #[serde(default)]
    pub refresh_token_in_body: bool,
}

/// A session: the access token in the body, the refresh token in an
/// `HttpOnly` cookie scoped to `/v1/auth` (and in the body on request).
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

fn session_response(
    state: &AppState,
    session: IssuedSession,
    status: StatusCode,
    in_body: bool,
) -> HttpResponse {
    let max_age = (session.refresh_expires_at - state.clock().now())
        .num_seconds()
        .max(0);
    let cookie = Cookie::build(REFRESH_COOKIE, session.refresh_token.clone())
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(state.settings.auth.cookie_secure)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(max_age))
        .finish();
    HttpResponse::build(status)
        .cookie(cookie)
        .insert_header(("cache-control", "no-store"))
        .json(SessionResponse {
            access_token: session.access_token,
            token_type: "Bearer",
            expires_in: session.expires_in,
            refresh_token: in_body.then_some(session.refresh_token),
        })
}

fn clear_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = Cookie::build(REFRESH_COOKIE, "")
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(state.settings.auth.cookie_secure)
        .same_site(SameSite::Strict)
        .finish();
    cookie.make_removal();
    cookie
}

/// Activate the account with its first password, and sign in.
#[utoipa::path(tag = "auth", request_body = ActivateRequest, responses(
    (status = 200, body = SessionResponse),
    (status = 400, description = "unknown, used or expired token (`invalid_token`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "password hashing saturated; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/activate")]
pub async fn activate(
    state: web::Data<AppState>,
    Json(body): Json<ActivateRequest>,
) -> Result<HttpResponse, ServiceError> {
    let session = accounts::activate(&state, &body.token, body.password).await?;
    Ok(session_response(
        &state,
        session,
        StatusCode::OK,
        body.refresh_token_in_body,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(format = Email, max_length = 254, example = "lea.martin@example.org")]
    pub email: String,
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
    #[serde(default)]
    pub refresh_token_in_body: bool,
}

/// Sign in. Unknown addresses and wrong passwords get the same answer in
/// the same time.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = SessionResponse),
    (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "`account_suspended`", body = Problem, content_type = "application/problem+json"),
    (status = 429, body = Problem, content_type = "application/problem+json"),
    (status = 503, body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    Json(body): Json<LoginRequest>,
) -> Result<HttpResponse, ServiceError> {
    let email = parse_email(&body.email)?;
    let limits = &state.settings.limits;
    limit_guesses(
        &state,
        &req,
        "login",
        &email,
        limits.login_per_ip,
        limits.login_per_email_ip,
        limits.login_per_email,
    )
    .await?;
    let session = sessions::login(&state, &email, body.password).await?;
    Ok(session_response(
        &state,
        session,
        StatusCode::OK,
        body.refresh_token_in_body,
    ))
}

/// Optional body of refresh and logout; browsers send nothing and rely on
/// the cookie.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: Option<String>,
}

fn refresh_token_of(
    req: &HttpRequest,
    body: &web::Bytes,
) -> Result<(Option<String>, bool), ServiceError> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        parse_json::<RefreshRequest>(body)?.refresh_token
    };
    match from_body {
        Some(token) => Ok((Some(token), true)),
        None => Ok((
            req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()),
            false,
        )),
    }
}

/// Exchange the refresh token (cookie, or body for non-browser clients)
/// for a new access token and a new refresh token. Replaying a refresh
/// token that was already exchanged ends the whole session.
#[utoipa::path(tag = "auth", request_body(content = Option<RefreshRequest>), responses(
    (status = 200, body = SessionResponse),
    (status = 401, description = "`invalid_refresh_token`", body = Problem, content_type = "application/problem+json"),
    (status = 429, body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ServiceError> {
    rate_limit(
        &state,
        &[(
            ip_key(&req, "refresh"),
            state.settings.limits.refresh_per_ip,
        )],
    )
    .await?;
    let (token, in_body) = refresh_token_of(&req, &body)?;
    let token = token.ok_or_else(|| ServiceError::Unauthenticated {
        code: ProblemCode::InvalidRefreshToken,
        detail: "no refresh token: sign in".into(),
    })?;
    match sessions::refresh(&state, &token).await {
        Ok(session) => Ok(session_response(&state, session, StatusCode::OK, in_body)),
        Err(e) => {
            // A dead cookie is removed so the SPA stops presenting it.
            let mut response = actix_web::ResponseError::error_response(&e);
            let _ = response.add_cookie(&clear_cookie(&state));
            Ok(response)
        }
    }
}

/// End the session of the presented refresh token.
#[utoipa::path(tag = "auth", request_body(content = Option<RefreshRequest>), responses((status = 204)))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ServiceError> {
    let (token, _) = refresh_token_of(&req, &body)?;
    if let Some(token) = token {
        sessions::logout(&state, &token).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(clear_cookie(&state))
        .finish())
}

/// Ask for a password-reset link. Always 202.
#[utoipa::path(tag = "auth", request_body = EmailRequest, responses(
    (status = 202, body = Accepted),
    (status = 429, body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/password/forgot")]
pub async fn forgot_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    Json(body): Json<EmailRequest>,
) -> Result<HttpResponse, ServiceError> {
    ask_for_link(&state, &req, &body, AccountEmail::PasswordReset).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    /// The token from the reset link.
    #[schema(pattern = r"^[A-Za-z0-9_-]{43}$")]
    pub token: String,
    /// 10 to 128 characters, not a common password, not containing the email.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
}

/// Choose a new password with a reset link; every session of the account
/// ends.
#[utoipa::path(tag = "auth", request_body = ResetRequest, responses(
    (status = 204),
    (status = 400, description = "`invalid_token`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/password/reset")]
pub async fn reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    Json(body): Json<ResetRequest>,
) -> Result<HttpResponse, ServiceError> {
    rate_limit(
        &state,
        &[(
            ip_key(&req, "password"),
            state.settings.limits.password_per_ip,
        )],
    )
    .await?;
    accounts::reset_password(&state, &body.token, body.password).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    #[schema(pattern = r"^[A-Za-z0-9_-]{43}$")]
    pub token: String,
}

/// Confirm a new email address with the link sent to it.
#[utoipa::path(tag = "auth", request_body = TokenRequest, responses(
    (status = 204),
    (status = 400, description = "`invalid_token`", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`email_taken`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/email/confirm")]
pub async fn confirm_email(
    state: web::Data<AppState>,
    Json(body): Json<TokenRequest>,
) -> Result<HttpResponse, ServiceError> {
    accounts::confirm_email_change(&state, &body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}
