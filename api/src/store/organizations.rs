//! Organisations, members and invitations.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::moderation::OrganizationState;
use crate::domain::organization::{MemberRole, OrganizationFields, OrganizationKind};
use crate::domain::place::Address;
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: OrganizationKind,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub description: String,
    pub address_line: Option<String>,
    pub postcode: String,
    pub city: String,
    pub department: String,
    pub latitude: f64,
    pub longitude: f64,
    pub website: Option<String>,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub domains: Json<Vec<String>>,
    #[sqlx(try_from = "String")]
    pub state: OrganizationState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Its logo's renditions' names (domain/picture.rs), if it has one.
    pub logo_large: Option<String>,
    pub logo_small: Option<String>,
}

impl OrganizationRow {
    pub fn state(&self) -> OrganizationState {
        self.state
    }

    pub fn fields(&self) -> OrganizationFields {
        OrganizationFields {
            name: self.name.clone(),
            kind: self.kind,
            rna: self.rna.clone(),
            siret: self.siret.clone(),
            description: self.description.clone(),
            address: Address {
                line: self.address_line.clone(),
                postcode: self.postcode.clone(),
                city: self.city.clone(),
                department: self.department.clone(),
                latitude: self.latitude,
                longitude: self.longitude,
            },
            website: self.website.clone(),
            contact_email: self.contact_email.clone(),
            contact_phone: self.contact_phone.clone(),
            domains: self.domains.0.clone(),
        }
    }
}

const COLUMNS: &str = "id, name, kind, rna, siret, description, address_line, postcode, city, department,
    latitude, longitude, website, contact_email, contact_phone, domains, state, created_at, updated_at, submitted_at,
    logo_large, logo_small";

pub async fn get(h: Handle<'_>, id: Uuid) -> Result<Option<OrganizationRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM organizations WHERE id = $1");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, OrganizationRow>(&sql).bind(id).fetch_optional(c).await)?,
    )
}

/// Locks the row for a state change (PostgreSQL; SQLite transactions
/// already hold the database's write lock).
pub async fn get_for_update(
    h: Handle<'_>,
    id: Uuid,
) -> Result<Option<OrganizationRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM organizations WHERE id = $1{}",
        h.for_update()
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, OrganizationRow>(&sql).bind(id).fetch_optional(c).await)?,
    )
}

/// Binds an organisation's fields, in the order both `insert` and `update`
/// number them ($2 to $16), on either backend's query.
macro_rules! bind_fields {
    ($query:expr, $o:expr) => {
        $query
            .bind(&$o.name)
            .bind($o.kind.as_str())
            .bind(&$o.rna)
            .bind(&$o.siret)
            .bind(&$o.description)
            .bind(&$o.address.line)
            .bind(&$o.address.postcode)
            .bind(&$o.address.city)
            .bind(&$o.address.department)
            .bind($o.address.latitude)
            .bind($o.address.longitude)
            .bind(&$o.website)
            .bind(&$o.contact_email)
            .bind(&$o.contact_phone)
            .bind(Json(&$o.domains))
    };
}

pub async fn insert(
    h: Handle<'_>,
    id: Uuid,
    o: &OrganizationFields,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => bind_fields!(sqlx::query(
        "INSERT INTO organizations (id, name, kind, rna, siret, description, address_line, postcode, city, department,
            latitude, longitude, website, contact_email, contact_phone, domains, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'draft', $17, $17)",
    )
    .bind(id), o)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update(
    h: Handle<'_>,
    id: Uuid,
    o: &OrganizationFields,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => bind_fields!(sqlx::query(
        "UPDATE organizations SET name = $2, kind = $3, rna = $4, siret = $5, description = $6, address_line = $7,
            postcode = $8, city = $9, department = $10, latitude = $11, longitude = $12, website = $13,
            contact_email = $14, contact_phone = $15, domains = $16, updated_at = $17
         WHERE id = $1",
    )
    .bind(id), o)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Organisations left in draft, unchanged since `before`, oldest first.
pub async fn stale_drafts(
    h: Handle<'_>,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT id FROM organizations WHERE state = 'draft' AND updated_at < $1
         ORDER BY updated_at LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

pub async fn set_state(
    h: Handle<'_>,
    id: Uuid,
    to: OrganizationState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let submitted = (to == OrganizationState::PendingReview).then_some(now);
    on_handle!(h, c => sqlx::query(
        "UPDATE organizations SET state = $2, updated_at = $3, submitted_at = COALESCE($4, submitted_at) WHERE id = $1",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(now)
    .bind(submitted)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Organisations waiting for review in `departments` (all when `None`),
/// oldest first, after the `(submitted_at, id)` cursor.
pub async fn review_queue(
    h: Handle<'_>,
    departments: Option<&[String]>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<OrganizationRow>, StoreError> {
    let departments = departments.map(|d| Json(d.to_vec()));
    let (after_at, after_id) = after.map_or((None, None), |(a, i)| (Some(a), Some(i)));
    let sql = format!(
        "SELECT {COLUMNS} FROM organizations
         WHERE state = 'pending_review'
           AND ($1 IS NULL OR department IN ({}))
           AND ($2 IS NULL OR submitted_at > $2 OR (submitted_at = $2 AND id > $3))
         ORDER BY submitted_at, id LIMIT $4",
        h.json_strings("$1")
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, OrganizationRow>(&sql)
        .bind(&departments)
        .bind(after_at)
        .bind(after_id)
        .bind(limit)
        .fetch_all(c)
        .await)?,
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub account_id: Uuid,
    #[sqlx(try_from = "String")]
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

impl MemberRow {
    pub fn role(&self) -> MemberRole {
        self.role
    }
}

pub async fn role_of(
    h: Handle<'_>,
    org: Uuid,
    account: Uuid,
) -> Result<Option<MemberRole>, StoreError> {
    let role = on_handle!(h, c => sqlx::query_scalar::<_, String>(
        "SELECT role FROM organization_members WHERE organization_id = $1 AND account_id = $2",
    )
    .bind(org)
    .bind(account)
    .fetch_optional(c)
    .await)?;
    Ok(role.as_deref().and_then(MemberRole::parse))
}

pub async fn add_member(
    h: Handle<'_>,
    org: Uuid,
    account: Uuid,
    role: MemberRole,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO organization_members (organization_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, account_id) DO UPDATE SET role = excluded.role",
    )
    .bind(org)
    .bind(account)
    .bind(role.as_str())
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn remove_member(h: Handle<'_>, org: Uuid, account: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM organization_members WHERE organization_id = $1 AND account_id = $2")
        .bind(org)
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn count_owners(h: Handle<'_>, org: Uuid) -> Result<i64, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM organization_members WHERE organization_id = $1 AND role = 'owner'",
    )
    .bind(org)
    .fetch_one(c)
    .await)?)
}

pub async fn members(h: Handle<'_>, org: Uuid) -> Result<Vec<MemberRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, MemberRow>(
        "SELECT m.account_id, m.role, m.joined_at, a.email, a.first_name, a.last_name
         FROM organization_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.organization_id = $1 ORDER BY m.joined_at, m.account_id",
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

/// The organisations an account belongs to, with its role in each.
pub async fn of_account(
    h: Handle<'_>,
    account: Uuid,
) -> Result<Vec<(OrganizationRow, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        org: OrganizationRow,
        role: String,
    }
    let sql = format!(
        "SELECT {}, m.role FROM organizations o JOIN organization_members m ON m.organization_id = o.id
         WHERE m.account_id = $1 ORDER BY o.name, o.id",
        COLUMNS.split(", ").map(|c| format!("o.{}", c.trim())).collect::<Vec<_>>().join(", ")
    );
    let rows = on_handle!(h, c => sqlx::query_as::<_, Row>(&sql).bind(account).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|r| (r.org, r.role)).collect())
}

pub struct NewInvitation<'a> {
    pub hash: &'a [u8],
    pub org: Uuid,
    pub email_normalized: &'a str,
    pub role: MemberRole,
    pub invited_by: Uuid,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_invitation(h: Handle<'_>, i: NewInvitation<'_>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO organization_invitations (token_hash, organization_id, email_normalized, role, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(i.hash)
    .bind(i.org)
    .bind(i.email_normalized)
    .bind(i.role.as_str())
    .bind(i.invited_by)
    .bind(i.now)
    .bind(i.expires_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub organization_id: Uuid,
    pub email_normalized: String,
    #[sqlx(try_from = "String")]
    pub role: MemberRole,
    pub invited_by: Uuid,
}

/// Spends an invitation addressed to `email_normalized`, once.
pub async fn accept_invitation(
    h: Handle<'_>,
    hash: &[u8],
    email_normalized: &str,
    now: DateTime<Utc>,
) -> Result<Option<InvitationRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, InvitationRow>(
        "UPDATE organization_invitations SET accepted_at = $3
         WHERE token_hash = $1 AND email_normalized = $2 AND accepted_at IS NULL AND expires_at > $3
         RETURNING organization_id, email_normalized, role, invited_by",
    )
    .bind(hash)
    .bind(email_normalized)
    .bind(now)
    .fetch_optional(c)
    .await)?)
}

/// Accounts to tell about an organisation: its members' addresses.
pub async fn member_emails(h: Handle<'_>, org: Uuid) -> Result<Vec<(String, String)>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (String, String)>(
        "SELECT a.email, a.first_name FROM organization_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.organization_id = $1 AND a.state = 'active' ORDER BY a.email",
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

/// The organisation's active members' accounts.
pub async fn member_ids(h: Handle<'_>, org: Uuid) -> Result<Vec<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT a.id FROM organization_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.organization_id = $1 AND a.state = 'active' ORDER BY a.id",
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

/// The organisation's active members: (account, address, first name).
pub async fn member_recipients(
    h: Handle<'_>,
    org: Uuid,
) -> Result<Vec<(Uuid, String, String)>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, (Uuid, String, String)>(
        "SELECT a.id, a.email, a.first_name FROM organization_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.organization_id = $1 AND a.state = 'active' ORDER BY a.email",
    )
    .bind(org)
    .fetch_all(c)
    .await)?,
    )
}

/// The organisation's owners' addresses.
pub async fn owner_emails(h: Handle<'_>, org: Uuid) -> Result<Vec<(String, String)>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (String, String)>(
        "SELECT a.email, a.first_name FROM organization_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.organization_id = $1 AND m.role = 'owner' AND a.state = 'active' ORDER BY a.email",
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

/// The referents of a department (who review its organisations).
pub async fn referent_emails(
    h: Handle<'_>,
    department: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (String, String)>(
        "SELECT a.email, a.first_name FROM referent_departments r JOIN accounts a ON a.id = r.account_id
         WHERE r.department = $1 AND a.state = 'active' ORDER BY a.email",
    )
    .bind(department)
    .fetch_all(c)
    .await)?)
}

/// An organisation that already holds an identifier: what a duplicate
/// registration is told.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdentifierHolder {
    pub id: Uuid,
    pub name: String,
    /// Whether it holds the SIRET (else the RNA number).
    pub by_siret: bool,
}

/// The organisation, other than `except`, that holds `siret` or `rna`:
/// approved (or flagged since), the rows the unique indexes guard. Drafts
/// and registrations under review hold nothing.
pub async fn live_with_identifier(
    h: Handle<'_>,
    siret: Option<&str>,
    rna: Option<&str>,
    except: Option<Uuid>,
) -> Result<Option<IdentifierHolder>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, IdentifierHolder>(
        "SELECT id, name, COALESCE(siret = $1, false) AS by_siret FROM organizations
         WHERE state IN ('approved', 'flagged')
           AND (siret = $1 OR rna = $2)
           AND ($3 IS NULL OR id <> $3)
         ORDER BY created_at LIMIT 1",
    )
    .bind(siret)
    .bind(rna)
    .bind(except)
    .fetch_optional(c)
    .await)?)
}
