//! Widgets: defined by members or admins under `/v1`, read by anyone.
//! `GET /v1/widgets/{id}/missions` and `/facets` are public, open to every
//! origin (CORS `*`), cached here and by the CDN, limited like search; the
//! page `GET /widgets/{id}` is what a site puts in its `<iframe>`.

use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::{Admin, Authenticated};
use super::extract::Body;
use super::problem::Problem;
use super::revalidation::{public_search, Freshness};
use crate::domain::widget::{Layout, Reach, WidgetInput};
use crate::error::ServiceError;
use crate::search::query::{Facet, Hit};
use crate::services::widgets::{self as service, Owner};
use crate::state::AppState;
use crate::store::widgets::WidgetRow;

/// What the CDN may keep: places change, so a minute.
const FRESHNESS: Freshness = Freshness::new(Duration::from_secs(60), Duration::from_secs(60));

/// The public paths any site may read from its own pages: a widget's
/// missions and facets, not the owners' routes beside them.
pub fn is_open(path: &str) -> bool {
    path.strip_prefix("/v1/widgets/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, tail)| tail == "missions" || tail == "facets")
}

/// CORS `*` for the widgets' public reads: any site may call them, and
/// they carry no credentials, so no origin is echoed and a CDN keeps one
/// copy for all. (The CORS middleware lets these paths through; this,
/// outside it, says so to every origin.)
pub async fn open_cors(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let open = is_open(req.path());
    let mut res = next.call(req).await?;
    if open {
        let headers = res.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
    }
    Ok(res)
}

/// A widget as its owners see it, with what to paste in a site.
#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetView {
    pub id: Uuid,
    /// The owner; none for an admin's platform widget.
    pub organization_id: Option<Uuid>,
    pub reach: Reach,
    pub definition: WidgetInput,
    /// The page to embed.
    #[schema(example = "https://api.example.org/widgets/0190…")]
    pub page_url: String,
    /// The HTML to paste in a site.
    pub embed: String,
    pub created_at: DateTime<Utc>,
}

fn view(state: &AppState, w: WidgetRow) -> WidgetView {
    let page_url = format!(
        "{}/widgets/{}",
        state.settings.http.public_url.trim_end_matches('/'),
        w.id
    );
    WidgetView {
        embed: format!(
            "<iframe src=\"{page_url}\" title=\"Missions de bénévolat\" loading=\"lazy\" \
             style=\"width:100%;height:640px;border:0\"></iframe>"
        ),
        page_url,
        id: w.id,
        organization_id: w.organization_id,
        reach: w.reach(),
        created_at: w.created_at,
        definition: w.definition.0,
    }
}

/// Define a widget for an organisation's site (members): its missions, or
/// with `network` its network's too (heads only), as the filters narrow
/// them.
#[utoipa::path(operation_id = "create_organization_widget", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = WidgetInput, responses(
    (status = 201, body = WidgetView),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/widgets")]
pub async fn create_for_organization(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<WidgetInput>,
) -> Result<HttpResponse, ServiceError> {
    let owner = Owner::Organization(id.into_inner());
    let w = service::create(&state, &actor, owner, body.parse()?).await?;
    Ok(HttpResponse::Created().json(view(&state, w)))
}

/// An organisation's widgets (members).
#[utoipa::path(operation_id = "organization_widgets", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<WidgetView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/widgets")]
pub async fn organization_widgets(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let rows = service::list(&state, &actor, Owner::Organization(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|w| view(&state, w))
            .collect::<Vec<_>>(),
    ))
}

/// Define a platform widget (admins): every organisation's missions, as
/// the filters narrow them.
#[utoipa::path(operation_id = "create_platform_widget", tag = "admin", security(("bearer" = [])),
    request_body = WidgetInput, responses(
    (status = 201, body = WidgetView),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/admin/widgets")]
pub async fn create_for_platform(
    state: web::Data<AppState>,
    Admin(actor): Admin,
    body: Body<WidgetInput>,
) -> Result<HttpResponse, ServiceError> {
    let w = service::create(&state, &actor, Owner::Platform, body.parse()?).await?;
    Ok(HttpResponse::Created().json(view(&state, w)))
}

/// The platform's widgets (admins).
#[utoipa::path(operation_id = "platform_widgets", tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = Vec<WidgetView>),
))]
#[get("/admin/widgets")]
pub async fn platform_widgets(
    state: web::Data<AppState>,
    Admin(actor): Admin,
) -> Result<HttpResponse, ServiceError> {
    let rows = service::list(&state, &actor, Owner::Platform).await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|w| view(&state, w))
            .collect::<Vec<_>>(),
    ))
}

/// Delete a widget (its organisation's members, or admins for the
/// platform's); sites showing it then show that it is gone.
#[utoipa::path(operation_id = "delete_widget", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/widgets/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    service::delete(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct WidgetQuery {
    /// The visitor's words, within the widget's missions.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Zero-based.
    #[param(minimum = 0, maximum = 50)]
    pub page: Option<u32>,
}

/// A page of a widget's missions.
#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetMissions {
    pub items: Vec<Hit>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// Where each card links: the mission's page on the platform, with the
    /// widget's UTM tags, in the order of `items`.
    pub links: Vec<String>,
}

/// What a widget's filters could still narrow, counted.
#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetFacets {
    pub total: u64,
    /// Facet (`domain`, `department`, `accessibility`) → value → count.
    pub facets: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
}

/// The link of a card: the mission's page, saying it came from the widget.
fn link(state: &AppState, widget: Uuid, mission: Uuid) -> String {
    format!(
        "{}/missions/{mission}?utm_source=widget&utm_medium=iframe&utm_campaign={widget}",
        state.settings.auth.app_base_url.trim_end_matches('/')
    )
}

/// A widget's missions, newest first, with places left (public, any
/// origin).
#[utoipa::path(operation_id = "widget_missions", tag = "search", params(("id" = Uuid, Path), WidgetQuery), responses(
    (status = 200, body = WidgetMissions, headers(("ETag" = String), ("Cache-Control" = String))),
    (status = 304, description = "unchanged since the `If-None-Match` ETag"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/widgets/{id}/missions")]
pub async fn missions(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let query: WidgetQuery = super::parse_query(&req)?;
    let text = query
        .q
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    if text.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(ServiceError::field(
            "q",
            "too_long",
            "at most 200 characters",
        ));
    }
    let page_number = query.page.unwrap_or(0);
    if page_number > 50 {
        return Err(ServiceError::field("page", "out_of_range", "from 0 to 50"));
    }
    let id = id.into_inner();
    let words = text.as_deref().unwrap_or_default().to_lowercase();
    let key = format!("widget:{id}:{page_number}:{words}");
    let state = &state;
    public_search(state, &req, key, FRESHNESS, || async move {
        let widget = service::get(state, id).await?;
        let found = service::search(
            state,
            &service::query(&widget, text, page_number, Vec::new()),
        )
        .await?;
        Ok(WidgetMissions {
            links: found.hits.iter().map(|h| link(state, id, h.id)).collect(),
            items: found.hits,
            total: found.total_hits,
            page: found.page,
            pages: found.pages,
        })
    })
    .await
}

/// How a widget's missions divide by domain, department and
/// accessibility (public, any origin).
#[utoipa::path(operation_id = "widget_facets", tag = "search", params(("id" = Uuid, Path)), responses(
    (status = 200, body = WidgetFacets, headers(("ETag" = String), ("Cache-Control" = String))),
    (status = 304, description = "unchanged since the `If-None-Match` ETag"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/widgets/{id}/facets")]
pub async fn facets(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    let state = &state;
    public_search(
        state,
        &req,
        format!("widget-facets:{id}"),
        FRESHNESS,
        || async move {
            let widget = service::get(state, id).await?;
            let wanted = vec![Facet::Domain, Facet::Department, Facet::Accessibility];
            let found = service::search(state, &service::query(&widget, None, 0, wanted)).await?;
            Ok(WidgetFacets {
                total: found.total_hits,
                facets: found.facets,
            })
        },
    )
    .await
}

const PAGE_SCRIPT: &str = include_str!("widget.js");
const PAGE_STYLE: &str = include_str!("widget.css");

/// `'sha256-…'` of an inline script or style, for the page's CSP.
fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The page a site embeds in an `<iframe>`: plain HTML, a small script
/// that reads the widget's missions from this origin, in French,
/// navigable by keyboard, announcing what it loads. Any site may frame it;
/// its Content-Security-Policy runs nothing but its own script.
#[utoipa::path(operation_id = "widget_page", tag = "search", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "the page to put in an `<iframe>`", content_type = "text/html", body = String),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/widgets/{id}")]
pub async fn widget_page(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let widget = service::get(&state, id.into_inner()).await?;
    let d = &widget.definition.0;
    // The widget's values, for the script: ids and a checked colour only.
    let config = serde_json::json!({
        "widget": widget.id,
        "layout": d.layout.as_str(),
        "app": state.settings.auth.app_base_url.trim_end_matches('/'),
    });
    let script = format!(
        "const WIDGET = {};\n{PAGE_SCRIPT}",
        config.to_string().replace('<', "\\u003c")
    );
    let style = format!(":root {{ --accent: {}; }}\n{PAGE_STYLE}", d.colour);
    let layout = if d.layout == Layout::Carousel {
        "carousel"
    } else {
        "list"
    };
    let html = format!(
        r#"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Missions de bénévolat</title>
<style>{style}</style>
</head>
<body>
<main aria-labelledby="title">
<h1 id="title">Missions de bénévolat</h1>
<form id="search" role="search">
<label for="q">Rechercher une mission</label>
<input id="q" name="q" type="search" maxlength="200" autocomplete="off">
<button type="submit">Rechercher</button>
</form>
<p id="status" role="status" aria-live="polite">Chargement des missions…</p>
<ul id="missions" class="{layout}"></ul>
<nav id="pages" aria-label="Pages de missions" hidden>
<button id="previous" type="button">Missions précédentes</button>
<button id="next" type="button">Missions suivantes</button>
</nav>
</main>
<script>{script}</script>
</body>
</html>
"#
    );
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors *",
        csp_hash(&script),
        csp_hash(&style)
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CONTENT_SECURITY_POLICY, csp))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header(("x-content-type-options", "nosniff"))
        .insert_header(("referrer-policy", "strict-origin-when-cross-origin"))
        .body(html))
}

#[cfg(test)]
mod tests {
    use super::is_open;

    #[test]
    fn only_a_widget_s_public_reads_are_open_to_every_origin() {
        assert!(is_open("/v1/widgets/0190a1b2/missions"));
        assert!(is_open("/v1/widgets/0190a1b2/facets"));
        // The owners' route beside them keeps the platform's origins.
        assert!(!is_open("/v1/widgets/0190a1b2"));
        assert!(!is_open("/v1/widgets/0190a1b2/missions/extra"));
        assert!(!is_open("/v1/admin/widgets"));
    }
}
