//! Widgets: defined by an organisation's members (its missions, or its
//! network's when it heads one) or by an admin (the platform's); read by
//! anyone, as a search fixed in advance, on the built-in engine (the
//! answers are cached here and by the CDN, so a site's visitors cost one
//! search a minute).

use uuid::Uuid;

use super::access::{load_private, members_only};
use crate::auth::actor::AccountActor;
use crate::domain::widget::{Reach, WidgetInput};
use crate::error::ServiceError;
use crate::search::query::{Around, Facet, OrganizationScope, SearchQuery, SearchResult};
use crate::state::AppState;
use crate::store::widgets::{self as store, WidgetRow};

/// Cards a widget shows on a page.
pub const PER_PAGE: u32 = 12;

/// Who a widget belongs to: an organisation, or the platform (admins).
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Organization(Uuid),
    Platform,
}

/// May `actor` manage `owner`'s widgets? Members of the organisation;
/// admins for the platform's (the `Admin` extractor checked them).
async fn may_manage(
    state: &AppState,
    actor: &AccountActor,
    owner: Owner,
) -> Result<(), ServiceError> {
    match owner {
        Owner::Organization(org) => members_only(load_private(state, actor, org).await?.relation),
        Owner::Platform => Ok(()),
    }
}

pub async fn create(
    state: &AppState,
    actor: &AccountActor,
    owner: Owner,
    input: WidgetInput,
) -> Result<WidgetRow, ServiceError> {
    let input = input.validate().map_err(ServiceError::Validation)?;
    let network = input.network;
    may_manage(state, actor, owner).await?;
    let mut conn = state.db.acquire().await?;
    let organization = match owner {
        Owner::Platform if network => {
            return Err(ServiceError::field(
                "network",
                "not_a_network_head",
                "a platform widget shows every organisation's missions already",
            ))
        }
        Owner::Platform => None,
        Owner::Organization(org) => {
            if network && !crate::store::networks::has_branches(conn.h(), org).await? {
                return Err(ServiceError::field(
                    "network",
                    "not_a_network_head",
                    "only an organisation heading a network may show its branches' missions",
                ));
            }
            Some(org)
        }
    };
    let id = Uuid::now_v7();
    let now = state.clock().now();
    store::insert(conn.h(), id, organization, &input, actor.id, now).await?;
    store::get(conn.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn list(
    state: &AppState,
    actor: &AccountActor,
    owner: Owner,
) -> Result<Vec<WidgetRow>, ServiceError> {
    may_manage(state, actor, owner).await?;
    let mut conn = state.db.acquire().await?;
    let organization = match owner {
        Owner::Organization(org) => Some(org),
        Owner::Platform => None,
    };
    Ok(store::of_owner(conn.h(), organization).await?)
}

/// Deletes a widget: its organisation's members, or an admin for the
/// platform's. Someone else's is not found.
pub async fn delete(state: &AppState, actor: &AccountActor, id: Uuid) -> Result<(), ServiceError> {
    let widget = get(state, id).await?;
    match widget.organization_id {
        Some(org) => may_manage(state, actor, Owner::Organization(org)).await?,
        None if crate::services::access::is_active_admin(state, actor.id).await? => {}
        None => return Err(ServiceError::NotFound),
    }
    let mut conn = state.db.acquire().await?;
    store::delete(conn.h(), id).await?;
    Ok(())
}

/// A widget, for anyone: 404 when there is none.
pub async fn get(state: &AppState, id: Uuid) -> Result<WidgetRow, ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::get(conn.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The widget's search: its definition, its reach, the visitor's words
/// and page.
pub fn query(
    widget: &WidgetRow,
    text: Option<String>,
    page: u32,
    facets: Vec<Facet>,
) -> SearchQuery {
    let d = &widget.definition.0;
    SearchQuery {
        text,
        domains: d.domains.clone(),
        departments: d.departments.clone(),
        accessibility: d.accessibility.clone(),
        has_places: true,
        organization: widget.organization_id.map(|id| OrganizationScope {
            id,
            with_branches: widget.reach() == Reach::Network,
        }),
        around: d.around.as_ref().map(|a| Around {
            latitude: a.latitude,
            longitude: a.longitude,
            radius_km: Some(a.radius_km),
        }),
        page,
        per_page: PER_PAGE,
        facets,
        ..SearchQuery::default()
    }
}

pub async fn search(state: &AppState, query: &SearchQuery) -> Result<SearchResult, ServiceError> {
    Ok(crate::search::builtin::search(
        &state.db,
        query,
        crate::search::counts::Policy::from_settings(&state.settings.search),
    )
    .await?)
}
