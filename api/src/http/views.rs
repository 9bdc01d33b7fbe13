//! Views shared by several resources: how a mission, an organisation, an
//! account and a history read in responses. Handlers import them from
//! here, never from each other.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::account::AccountState;
use crate::domain::mission::{Audience, Commitment, Format, Slot};
use crate::domain::moderation::{MissionState, OrganizationState};
use crate::domain::organization::{MemberRole, OrganizationKind};
use crate::domain::participation::ParticipationState;
use crate::domain::place::Address;
use crate::error::ServiceError;
use crate::services;
use crate::services::access::OrgAccess;
use crate::services::missions::MissionAccess;
use crate::state::AppState;
use crate::store::accounts::AccountRow;
use crate::store::history::Subject;
use crate::store::missions::MissionRow;
use crate::store::participations::WithVolunteer;

/// A picture (a mission's image, an organisation's logo) at its two
/// widths: paths under the API, served with immutable caching (the name
/// changes with the bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PictureView {
    /// The large width (1200 px for an image, 512 for a logo, or less).
    #[schema(example = "/v1/pictures/3f2a9c0d1e4b5a6978d0c1b2a3f4e5d6.jpg")]
    pub url: String,
    /// The small width (480 px for an image, 128 for a logo, or less).
    pub small_url: String,
}

/// The picture named by a row's two columns, if any.
pub fn picture(large: &Option<String>, small: &Option<String>) -> Option<PictureView> {
    match (large, small) {
        (Some(large), Some(small)) => Some(PictureView {
            url: crate::platform::pictures::path(large),
            small_url: crate::platform::pictures::path(small),
        }),
        _ => None,
    }
}

/// A mission as its organisation's members, referents and admins see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissionView {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub description: String,
    pub domain: String,
    pub skills: Vec<String>,
    pub audience: Vec<Audience>,
    pub format: Format,
    pub addresses: Vec<Address>,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    pub slots: Vec<Slot>,
    pub commitment: Commitment,
    pub capacity: i32,
    pub places_taken: i32,
    pub places_left: i32,
    pub minimum_age: i32,
    pub motivation_required: bool,
    pub registration_open: bool,
    pub access: crate::domain::eligibility::Access,
    /// The accessibility flags search finds it by.
    pub accessibility: Vec<crate::domain::eligibility::Accessibility>,
    /// The department whose referents moderate it.
    pub department: String,
    /// Where it happens, as an IANA time zone (its department's): slots'
    /// and shifts' hours are the wall-clock time there.
    #[schema(example = "Europe/Paris")]
    pub time_zone: String,
    pub state: MissionState,
    pub allowed_transitions: Vec<MissionState>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// The id a partner's tool gave it (`PUT /v1/partner/missions/{client_id}`).
    pub client_id: Option<String>,
    /// Its picture (`PUT /v1/missions/{id}/image`).
    pub image: Option<PictureView>,
}

pub fn private_view(
    m: MissionRow,
    addresses: Vec<Address>,
    allowed: Vec<MissionState>,
) -> MissionView {
    let f = m.fields(addresses);
    let accessibility = f.accessibility();
    MissionView {
        image: picture(&m.image_large, &m.image_small),
        id: m.id,
        organization_id: m.organization_id,
        places_left: m.places_left(),
        places_taken: m.places_taken,
        state: m.state(),
        allowed_transitions: allowed,
        time_zone: m.time_zone().name().to_owned(),
        department: m.department,
        created_at: m.created_at,
        updated_at: m.updated_at,
        submitted_at: m.submitted_at,
        published_at: m.published_at,
        client_id: m.client_id,
        title: f.title,
        description: f.description,
        domain: f.domain,
        skills: f.skills,
        audience: f.audience,
        format: f.format,
        addresses: f.addresses,
        start_date: f.start_date,
        end_date: f.end_date,
        slots: f.slots,
        commitment: f.commitment,
        capacity: f.capacity,
        minimum_age: f.minimum_age,
        motivation_required: f.motivation_required,
        registration_open: f.registration_open,
        accessibility,
        access: f.access,
    }
}

impl From<MissionAccess> for MissionView {
    fn from(a: MissionAccess) -> Self {
        let allowed = a.mission.state().allowed_targets(a.relation);
        private_view(a.mission, a.addresses, allowed)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrganizationSummary {
    pub id: Uuid,
    pub name: String,
}

/// An organisation as its members, referents and admins see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationView {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub description: String,
    pub address: Address,
    pub website: Option<String>,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub domains: Vec<String>,
    pub state: OrganizationState,
    /// The caller's role, when a member.
    pub your_role: Option<MemberRole>,
    /// The states the caller may move it to now.
    pub allowed_transitions: Vec<OrganizationState>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Its logo (`PUT /v1/organizations/{id}/logo`).
    pub logo: Option<PictureView>,
}

impl From<OrgAccess> for OrganizationView {
    fn from(a: OrgAccess) -> Self {
        let f = a.org.fields();
        OrganizationView {
            logo: picture(&a.org.logo_large, &a.org.logo_small),
            id: a.org.id,
            name: f.name,
            kind: f.kind,
            rna: f.rna,
            siret: f.siret,
            description: f.description,
            address: f.address,
            website: f.website,
            contact_email: f.contact_email,
            contact_phone: f.contact_phone,
            domains: f.domains,
            state: a.org.state(),
            your_role: a.role,
            allowed_transitions: a.org.state().allowed_targets(a.relation),
            created_at: a.org.created_at,
            updated_at: a.org.updated_at,
            submitted_at: a.org.submitted_at,
        }
    }
}

/// One state change.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// `owner`, `manager`, `referent`, `admin`, `volunteer` or `system`.
    pub actor_role: String,
    /// The actor's display name ("Compte supprimé" once erased).
    pub actor_name: Option<String>,
    pub from: Option<String>,
    pub to: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct History {
    pub items: Vec<HistoryEntry>,
}

/// The history of an object the caller was already allowed to see.
pub async fn history_of(state: &AppState, subject: Subject) -> Result<History, ServiceError> {
    let rows = services::history::of(state, subject).await?;
    Ok(History {
        items: rows
            .into_iter()
            .map(|r| HistoryEntry {
                actor_name: r
                    .actor_first_name
                    .map(|f| format!("{f} {}", r.actor_last_name.unwrap_or_default())),
                actor_role: r.actor_role,
                from: r.from_state,
                to: r.to_state,
                reason: r.reason,
                at: r.created_at,
            })
            .collect(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileView {
    pub first_name: String,
    pub last_name: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub department: Option<String>,
    pub phone: Option<String>,
    pub skills: Vec<String>,
    pub domains: Vec<String>,
    pub presentation: Option<String>,
    pub visible_to_organizations: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Roles {
    /// Every account is a volunteer.
    pub volunteer: bool,
    pub admin: bool,
    pub referent_departments: Vec<String>,
}

/// The account as its owner sees it. Never carries a password or token hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub id: Uuid,
    pub email: String,
    pub state: AccountState,
    /// The email provider reported the address as undeliverable.
    pub email_undeliverable: bool,
    pub roles: Roles,
    pub profile: ProfileView,
    pub terms_version: Option<String>,
    pub created_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
}

impl MeView {
    pub fn new(a: AccountRow, referent_departments: Vec<String>) -> Self {
        let p = a.profile();
        MeView {
            id: a.id,
            state: a.state(),
            email_undeliverable: a.email_undeliverable,
            roles: Roles {
                volunteer: true,
                admin: a.is_admin,
                referent_departments,
            },
            profile: ProfileView {
                first_name: p.first_name,
                last_name: p.last_name,
                birth_date: p.birth_date,
                postcode: p.postcode,
                department: p.department,
                phone: p.phone,
                skills: p.skills,
                domains: p.domains,
                presentation: p.presentation,
                visible_to_organizations: p.visible_to_organizations,
            },
            terms_version: a.terms_version,
            email: a.email,
            created_at: a.created_at,
            activated_at: a.activated_at,
        }
    }
}

pub async fn me_view(state: &AppState, account: AccountRow) -> Result<MeView, ServiceError> {
    let referent = services::accounts::referent_departments(state, account.id).await?;
    Ok(MeView::new(account, referent))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    #[schema(example = "accepted")]
    pub status: &'static str,
    pub detail: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VolunteerContact {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub postcode: Option<String>,
}

/// A participation as the organisation sees it, with how to reach the
/// volunteer: shown to the organisation's members only.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationParticipation {
    pub id: Uuid,
    pub mission_id: Uuid,
    pub state: ParticipationState,
    pub motivation: Option<String>,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    /// When the volunteer, a minor, confirmed a parent's or guardian's
    /// consent (missions that ask for it).
    pub parental_consent_at: Option<DateTime<Utc>>,
    /// The age band the application was judged on when it was made:
    /// `under_18`, `18_or_over` or `unknown` (absent for older ones).
    pub age_band: Option<String>,
    pub volunteer: VolunteerContact,
    pub allowed_transitions: Vec<ParticipationState>,
    /// The shifts it holds, on a mission with shifts.
    pub shifts: Vec<super::shifts::ShiftView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub fn organization_view(
    p: WithVolunteer,
    allowed: Vec<ParticipationState>,
) -> OrganizationParticipation {
    let row = p.participation;
    OrganizationParticipation {
        id: row.id,
        mission_id: row.mission_id,
        state: row.state(),
        allowed_transitions: allowed,
        volunteer: VolunteerContact {
            id: row.volunteer_id,
            first_name: p.first_name,
            last_name: p.last_name,
            email: p.email,
            phone: p.phone,
            postcode: p.postcode,
        },
        motivation: row.motivation,
        reason_code: row.reason_code,
        reason: row.reason,
        parental_consent_at: row.parental_consent_at,
        age_band: row.age_band,
        shifts: Vec::new(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// A mission as anyone sees it: no member, no contact, no moderation data.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicMissionView {
    pub id: Uuid,
    pub organization: OrganizationSummary,
    pub title: String,
    pub description: String,
    pub domain: String,
    pub skills: Vec<String>,
    pub audience: Vec<Audience>,
    pub format: Format,
    pub addresses: Vec<Address>,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    pub slots: Vec<Slot>,
    /// Where it happens, as an IANA time zone (its department's): slots'
    /// and shifts' hours are the wall-clock time there.
    #[schema(example = "Europe/Paris")]
    #[serde(default = "paris")]
    pub time_zone: String,
    pub commitment: Commitment,
    pub places_left: i32,
    pub minimum_age: i32,
    pub motivation_required: bool,
    pub registration_open: bool,
    pub access: crate::domain::eligibility::Access,
    /// The accessibility flags search finds it by.
    pub accessibility: Vec<crate::domain::eligibility::Accessibility>,
    pub published_at: Option<DateTime<Utc>>,
    /// Volunteers choose among its shifts when applying; `places_left`,
    /// `start_date` and `end_date` are then those of its shifts.
    pub has_shifts: bool,
    /// Its upcoming shifts with their places, on the mission's page (lists
    /// and feeds leave them out: `GET /v1/missions/{id}/shifts`).
    pub shifts: Vec<super::shifts::ShiftView>,
    /// Its picture.
    #[serde(default)]
    pub image: Option<PictureView>,
}

/// The zone of a public view cached before views named theirs.
fn paris() -> String {
    chrono_tz::Europe::Paris.name().to_owned()
}

/// The public view of a mission, with its organisation's name.
pub fn public_mission(
    m: MissionRow,
    organization_name: String,
    addresses: Vec<Address>,
) -> PublicMissionView {
    let places_left = m.places_left();
    let f = m.fields(addresses);
    let accessibility = f.accessibility();
    PublicMissionView {
        image: picture(&m.image_large, &m.image_small),
        id: m.id,
        organization: OrganizationSummary {
            id: m.organization_id,
            name: organization_name,
        },
        places_left,
        time_zone: m.time_zone().name().to_owned(),
        published_at: m.published_at,
        has_shifts: m.has_shifts,
        shifts: Vec::new(),
        title: f.title,
        description: f.description,
        domain: f.domain,
        skills: f.skills,
        audience: f.audience,
        format: f.format,
        addresses: f.addresses,
        start_date: f.start_date,
        end_date: f.end_date,
        slots: f.slots,
        commitment: f.commitment,
        minimum_age: f.minimum_age,
        motivation_required: f.motivation_required,
        registration_open: f.registration_open,
        accessibility,
        access: f.access,
    }
}
