//! `GET /v1/feeds/api-engagement.xml`: the missions open to applications,
//! in the XML the state's mission hub reads (docs/PARTNERS.md).

use std::time::Duration;

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use base64::Engine;
use uuid::Uuid;

use super::revalidation::{etag, public_stream, Freshness};
use crate::domain::api_key::Scope;
use crate::error::ServiceError;
use crate::services::api_engagement as service;
use crate::services::api_keys::{authenticate, require};
use crate::state::AppState;

/// The key a hub presents, if any: `X-Api-Key`, or the password of HTTP
/// Basic authentication (how API Engagement fetches a partner's feed).
fn presented_key(req: &HttpRequest) -> Option<String> {
    if let Some(key) = req.headers().get("x-api-key") {
        return key.to_str().ok().map(str::to_owned);
    }
    let basic = req
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(basic.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    decoded
        .split_once(':')
        .map(|(_, password)| password.to_owned())
}

/// The missions open to applications (published, of an approved
/// organisation, registration open, places left), in API Engagement's
/// `MissionXML`: what the hub spreads to the SNU's, towns' and companies'
/// sites. Public and cacheable (`ETag`, revalidated with 304); a hub may
/// present a platform key (`X-Api-Key`, or as the password of Basic
/// authentication), which must then be valid.
#[utoipa::path(operation_id = "api_engagement_feed", tag = "partners", responses(
    (status = 200, description = "the feed, `<source>` of `<mission>`", content_type = "application/xml", body = String),
    (status = 304, description = "unchanged since the `ETag` sent in `If-None-Match`"),
    (status = 401, description = "`invalid_api_key`: a key was presented and is not valid", body = super::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/feeds/api-engagement.xml")]
pub async fn feed(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    if let Some(key) = presented_key(&req) {
        require(&authenticate(&state, &key).await?, Scope::MissionsRead)?;
    }
    let (fingerprint, built) = service::fingerprint(&state).await?;
    let max_age = Duration::from_secs(state.settings.api_engagement.feed_max_age_secs);
    let freshness = Freshness::new(max_age, max_age * 4);
    let state = state.into_inner();
    Ok(public_stream(
        &req,
        &state.clone(),
        freshness,
        etag(fingerprint.as_bytes()),
        "application/xml; charset=utf-8",
        move || {
            let opening = service::opening(
                &state.settings.api_engagement.publisher_name,
                &state.settings.auth.app_base_url,
                built,
            );
            // Opening, then batch after batch by id, then the closing tag.
            enum Next {
                Opening(String),
                After(Uuid),
                Done,
            }
            futures_util::stream::unfold(Next::Opening(opening), move |next| {
                let state = state.clone();
                async move {
                    match next {
                        Next::Opening(text) => Some((Ok(text.into()), Next::After(Uuid::nil()))),
                        Next::After(after) => match service::batch(&state, after).await {
                            Ok(Some((text, last))) => Some((Ok(text.into()), Next::After(last))),
                            Ok(None) => Some((Ok(service::CLOSING.into()), Next::Done)),
                            Err(e) => Some((Err(e), Next::Done)),
                        },
                        Next::Done => None,
                    }
                }
            })
        },
    ))
}
