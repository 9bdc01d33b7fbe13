//! One organisation per SIRET and per RNA number: the check a registration
//! or an edit passes, and the public look-up a registrant makes first.

use uuid::Uuid;

use crate::domain::identifiers;
use crate::domain::organization::OrganizationFields;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::store::organizations::{self as store, IdentifierHolder};
use crate::store::{Db, Handle, StoreError};

/// The path of an organisation's public page.
pub fn page(id: Uuid) -> String {
    format!("/v1/organizations/{id}")
}

fn exists(holder: IdentifierHolder) -> ServiceError {
    let field = if holder.by_siret { "siret" } else { "rna" };
    ServiceError::Conflict {
        code: ProblemCode::OrganizationExists,
        detail: format!(
            "an organisation with this {} number is already registered: ask its owners to invite you",
            if holder.by_siret { "SIRET" } else { "RNA" }
        ),
        extensions: vec![
            ("field", serde_json::json!(field)),
            (
                "existing_organization",
                serde_json::json!({"id": holder.id, "name": holder.name, "page": page(holder.id)}),
            ),
        ],
    }
}

/// Refuses `fields` when an approved organisation other than `except`
/// already holds its SIRET or RNA number.
pub async fn ensure_free(
    h: Handle<'_>,
    fields: &OrganizationFields,
    except: Option<Uuid>,
) -> Result<(), ServiceError> {
    ensure_identifiers_free(h, fields.siret.as_deref(), fields.rna.as_deref(), except).await
}

/// Refuses these numbers when an approved organisation other than
/// `except` holds one: at registration, at an edit, and when a referent
/// approves one of two applicants with the same number.
pub async fn ensure_identifiers_free(
    h: Handle<'_>,
    siret: Option<&str>,
    rna: Option<&str>,
    except: Option<Uuid>,
) -> Result<(), ServiceError> {
    if siret.is_none() && rna.is_none() {
        return Ok(());
    }
    match store::live_with_identifier(h, siret, rna, except).await? {
        Some(holder) => Err(exists(holder)),
        None => Ok(()),
    }
}

/// Turns the unique index's refusal (two registrations racing past
/// `ensure_free`) into the same answer, read on a connection of its own
/// since the failed transaction can no longer be read from.
pub async fn explain_race(
    db: &Db,
    error: StoreError,
    fields: &OrganizationFields,
    except: Option<Uuid>,
) -> ServiceError {
    explain_identifier_race(
        db,
        error,
        fields.siret.as_deref(),
        fields.rna.as_deref(),
        except,
    )
    .await
}

/// `explain_race` for numbers read from a stored organisation (two
/// approvals of one number racing).
pub async fn explain_identifier_race(
    db: &Db,
    error: StoreError,
    siret: Option<&str>,
    rna: Option<&str>,
    except: Option<Uuid>,
) -> ServiceError {
    let ours = error.unique_violation().is_some_and(|name| {
        name.starts_with("organizations_held_")
            || name.contains("organizations.siret")
            || name.contains("organizations.rna")
    });
    if !ours {
        return error.into();
    }
    let checked = async {
        let mut conn = db.acquire().await?;
        ensure_identifiers_free(conn.h(), siret, rna, except).await
    };
    match checked.await {
        Err(e) => e,
        Ok(()) => ServiceError::Conflict {
            code: ProblemCode::OrganizationExists,
            detail: "an organisation with this identifier is already registered".into(),
            extensions: vec![],
        },
    }
}

/// What an unauthenticated registrant may learn before registering:
/// whether the body is already on the platform, its name and its page,
/// nothing private.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Lookup {
    pub exists: bool,
    /// Present when `exists`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<LookupHit>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LookupHit {
    pub id: Uuid,
    pub name: String,
    /// Its public page, readable once the organisation is approved.
    pub page: String,
}

/// Which identifier to look up, already validated.
pub enum Identifier {
    Siret(String),
    Rna(String),
}

impl Identifier {
    /// Exactly one of the two, valid, or the field that is wrong.
    pub fn parse(siret: Option<&str>, rna: Option<&str>) -> Result<Self, ServiceError> {
        let invalid = |field: &str, e: crate::domain::validation::Invalid| {
            ServiceError::field(field, e.code, &e.message)
        };
        match (siret, rna) {
            (Some(s), None) => identifiers::siret(s)
                .map(Identifier::Siret)
                .map_err(|e| invalid("siret", e)),
            (None, Some(r)) => identifiers::rna(r)
                .map(Identifier::Rna)
                .map_err(|e| invalid("rna", e)),
            _ => Err(ServiceError::field(
                "siret",
                "required",
                "give exactly one of `siret` and `rna`",
            )),
        }
    }
}

pub async fn lookup(db: &Db, identifier: Identifier) -> Result<Lookup, ServiceError> {
    let (siret, rna) = match &identifier {
        Identifier::Siret(s) => (Some(s.as_str()), None),
        Identifier::Rna(r) => (None, Some(r.as_str())),
    };
    let mut conn = db.acquire().await?;
    let holder = store::live_with_identifier(conn.h(), siret, rna, None).await?;
    Ok(Lookup {
        exists: holder.is_some(),
        organization: holder.map(|h| LookupHit {
            page: page(h.id),
            id: h.id,
            name: h.name,
        }),
    })
}
