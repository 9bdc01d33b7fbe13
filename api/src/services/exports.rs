//! Staff exports as CSV (UTF-8 with a byte-order mark, so that spreadsheet
//! software reads the accents right; a header row; `;`-free RFC 4180
//! quoting). Members export their organisation's participations; referents
//! their departments' missions, admins every department's. Small exports
//! are answered at once; larger ones are produced by the worker and sent as
//! a link valid for a day. Every export is written in the history.

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use super::access::OrgAccess;
use crate::auth::actor::AccountActor;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::exports::{self as store, MissionLine, NewExport, ParticipationLine};
use crate::store::outbox;
use crate::store::outbox::JobError;
use crate::store::{accounts as account_store, Db, Handle};

pub const JOB_KIND: &str = "export";

/// What is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Participations,
    Missions,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Participations => "participations",
            Kind::Missions => "missions",
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Participations => "participations.csv",
            Kind::Missions => "missions.csv",
        }
    }
}

/// An export answered now, or one the worker will produce.
pub enum Outcome {
    Ready { csv: Vec<u8>, rows: usize },
    Queued { id: Uuid, rows: i64 },
}

/// A cell as spreadsheets should read it, whichever separator they split
/// on (`,`, or `;` in French locales): quoted when it holds either, a
/// quote or a line break; prefixed with `'` when a formula character
/// (`=`, `+`, `-`, `@`, tab, CR) comes first or after leading separators
/// and spaces, so that no cell runs as a formula (CSV injection).
fn cell(value: &str) -> String {
    const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    let after_separators = value.trim_start_matches([',', ';', ' ', '\u{a0}']);
    let value = if value.starts_with(FORMULA) || after_separators.starts_with(FORMULA) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The separator of a CSV file's cells: `,` by default, `;` for
/// spreadsheets in French (and most of continental Europe), which read a
/// comma-separated file as one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Delimiter {
    #[default]
    Comma,
    Semicolon,
}

impl Delimiter {
    fn separator(self) -> &'static str {
        match self {
            Delimiter::Comma => ",",
            Delimiter::Semicolon => ";",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "comma" => Some(Delimiter::Comma),
            "semicolon" => Some(Delimiter::Semicolon),
            _ => None,
        }
    }
}

fn line(out: &mut String, cells: &[String], delimiter: Delimiter) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&cells.join(delimiter.separator()));
    out.push_str("\r\n");
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A CSV file: UTF-8 with a byte-order mark (spreadsheets then read the
/// accents right), a header row, and the rows, each cell made safe (a
/// cell holding either separator is quoted, whichever is used).
pub fn csv_document(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    delimiter: Delimiter,
) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    line(
        &mut out,
        &header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>(),
        delimiter,
    );
    for row in rows {
        line(&mut out, &row, delimiter);
    }
    out.into_bytes()
}

fn participations_csv(rows: &[ParticipationLine], delimiter: Delimiter) -> Vec<u8> {
    csv_document(
        &[
            "participation_id",
            "mission_id",
            "mission_client_id",
            "mission_title",
            "state",
            "first_name",
            "last_name",
            "email",
            "phone",
            "postcode",
            "motivation",
            "reason_code",
            "created_at",
            "updated_at",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.to_string(),
                r.mission_id.to_string(),
                opt(&r.mission_client_id),
                r.mission_title.clone(),
                r.state.clone(),
                r.first_name.clone(),
                r.last_name.clone(),
                r.email.clone(),
                opt(&r.phone),
                opt(&r.postcode),
                opt(&r.motivation),
                opt(&r.reason_code),
                r.created_at.to_rfc3339(),
                r.updated_at.to_rfc3339(),
            ]
        }),
        delimiter,
    )
}

fn missions_csv(rows: &[MissionLine], delimiter: Delimiter) -> Vec<u8> {
    csv_document(
        &[
            "mission_id",
            "organization_id",
            "organization_name",
            "title",
            "domain",
            "department",
            "state",
            "format",
            "capacity",
            "places_taken",
            "start_date",
            "end_date",
            "created_at",
            "published_at",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.to_string(),
                r.organization_id.to_string(),
                r.organization_name.clone(),
                r.title.clone(),
                r.domain.clone(),
                r.department.clone(),
                r.state.clone(),
                r.format.clone(),
                r.capacity.to_string(),
                r.places_taken.to_string(),
                opt(&r.start_date),
                opt(&r.end_date),
                r.created_at.to_rfc3339(),
                r.published_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            ]
        }),
        delimiter,
    )
}

/// What one export covers.
#[derive(Debug, Clone)]
pub enum Scope {
    Organization(Uuid),
    /// Departments; `None` for all (admins).
    Departments(Option<Vec<String>>),
}

async fn count(h: Handle<'_>, kind: Kind, scope: &Scope) -> Result<i64, ServiceError> {
    Ok(match (kind, scope) {
        (Kind::Participations, Scope::Organization(org)) => {
            store::count_participations(h, *org).await?
        }
        (Kind::Missions, Scope::Departments(d)) => store::count_missions(h, d.as_deref()).await?,
        _ => return Err(ServiceError::NotFound),
    })
}

async fn render(
    h: Handle<'_>,
    kind: Kind,
    scope: &Scope,
    delimiter: Delimiter,
) -> Result<(Vec<u8>, usize), ServiceError> {
    Ok(match (kind, scope) {
        (Kind::Participations, Scope::Organization(org)) => {
            let rows = store::participations(h, *org).await?;
            (participations_csv(&rows, delimiter), rows.len())
        }
        (Kind::Missions, Scope::Departments(d)) => {
            let rows = store::missions(h, d.as_deref()).await?;
            (missions_csv(&rows, delimiter), rows.len())
        }
        _ => return Err(ServiceError::NotFound),
    })
}

/// The participations of an organisation (its members).
pub async fn participations(
    state: &AppState,
    actor: &AccountActor,
    org: &OrgAccess,
    delimiter: Delimiter,
) -> Result<Outcome, ServiceError> {
    if !org.relation.member {
        return Err(ServiceError::Forbidden {
            code: ProblemCode::MembersOnly,
            detail: "only the organisation's members may export its participations".into(),
        });
    }
    super::access::approved_only(&org.org)?;
    let role = org.acting_role();
    export(
        state,
        actor,
        role,
        Kind::Participations,
        Scope::Organization(org.org.id),
        delimiter,
    )
    .await
}

/// The missions of departments: those asked for among the caller's (all
/// of them when none is named); admins may name any, or none for all.
pub async fn missions(
    state: &AppState,
    actor: &AccountActor,
    department: Option<String>,
    delimiter: Delimiter,
) -> Result<Outcome, ServiceError> {
    let refused = || ServiceError::Forbidden {
        code: ProblemCode::ModeratorsOnly,
        detail: "referents export their own departments' missions".into(),
    };
    let (departments, role) = match (actor.admin, department) {
        (true, Some(d)) => (Some(vec![d]), "admin"),
        (true, None) => (None, "admin"),
        (false, Some(d)) if actor.referent_departments.contains(&d) => (Some(vec![d]), "referent"),
        (false, None) if !actor.referent_departments.is_empty() => {
            (Some(actor.referent_departments.clone()), "referent")
        }
        _ => return Err(refused()),
    };
    export(
        state,
        actor,
        role,
        Kind::Missions,
        Scope::Departments(departments),
        delimiter,
    )
    .await
}

async fn export(
    state: &AppState,
    actor: &AccountActor,
    role: &str,
    kind: Kind,
    scope: Scope,
    delimiter: Delimiter,
) -> Result<Outcome, ServiceError> {
    super::quotas::spend(state, super::quotas::Spend::Exported { by: actor.id }).await?;
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let rows = count(tx.h(), kind, &scope).await?;
    let (organization_id, departments) = match &scope {
        Scope::Organization(org) => (Some(*org), Vec::new()),
        Scope::Departments(d) => (None, d.clone().unwrap_or_default()),
    };
    let queued = rows > state.settings.partner.export_stream_rows;
    let outcome = if queued {
        let id = Uuid::now_v7();
        // The link's token is drawn when the file is ready, and travels
        // only in the email, which the outbox scrubs once sent: nothing
        // kept opens the file. Until then no token opens it.
        let unusable = crate::auth::tokens::issue();
        let expires_at = now + chrono::Duration::hours(state.settings.partner.export_link_hours);
        store::insert(
            tx.h(),
            NewExport {
                id,
                kind: kind.as_str(),
                organization_id,
                departments: &departments,
                requested_by: actor.id,
                token_hash: &unusable.hash,
                at: now,
                expires_at,
            },
        )
        .await?;
        let job = ProduceExport {
            export_id: id,
            delimiter: Some(delimiter.as_str().to_owned()),
        };
        outbox::push(&mut tx, &job, Some(now)).await?;
        Outcome::Queued { id, rows }
    } else {
        let (csv, rows) = render(tx.h(), kind, &scope, delimiter).await?;
        Outcome::Ready { csv, rows }
    };
    let exported = super::effects::Fact::Exported {
        org: organization_id,
        department: departments.first().map(String::as_str),
        by: actor.id,
        role,
        action: match kind {
            Kind::Participations => "export.participations",
            Kind::Missions => "export.missions",
        },
        detail: json!({"rows": rows, "departments": departments, "delivered": if queued { "link" } else { "direct" }}),
    };
    let _nothing_cached = super::effects::record(&mut tx, &state.settings, exported).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The job that produces a queued export.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProduceExport {
    pub export_id: Uuid,
    /// `comma` or `semicolon`; jobs queued before the separator was a
    /// choice carry none: commas.
    #[serde(default)]
    pub delimiter: Option<String>,
}

impl outbox::Job for ProduceExport {
    const KIND: &'static str = JOB_KIND;
}

/// The worker produces a queued export and emails its link.
pub async fn produce(
    db: &Db,
    settings: &crate::config::Settings,
    job: &ProduceExport,
) -> Result<Option<String>, JobError> {
    let transient = |e: ServiceError| JobError::Transient(e.to_string());
    let id = job.export_id;
    let mut tx = db.begin().await.map_err(|e| transient(e.into()))?;
    let Some(export) = store::get(tx.h(), id)
        .await
        .map_err(|e| transient(e.into()))?
    else {
        return Ok(Some("the export expired before it was produced".into()));
    };
    if export.state == "ready" {
        return Ok(Some("already produced".into()));
    }
    let (kind, scope) = match (export.kind.as_str(), export.organization_id) {
        ("participations", Some(org)) => (Kind::Participations, Scope::Organization(org)),
        ("missions", _) => (
            Kind::Missions,
            Scope::Departments(
                (!export.departments.0.is_empty()).then(|| export.departments.0.clone()),
            ),
        ),
        _ => return Err(JobError::Permanent("unknown export".into())),
    };
    let delimiter = job
        .delimiter
        .as_deref()
        .and_then(Delimiter::parse)
        .unwrap_or_default();
    let (csv, rows) = render(tx.h(), kind, &scope, delimiter)
        .await
        .map_err(transient)?;
    let token = crate::auth::tokens::issue();
    store::complete(tx.h(), id, &csv, rows as i32, &token.hash)
        .await
        .map_err(|e| transient(e.into()))?;
    if let Some(by) = export.requested_by {
        if let Some(account) = account_store::by_id(tx.h(), by)
            .await
            .map_err(|e| transient(e.into()))?
        {
            let ready = super::effects::Fact::ExportReady {
                to: &account,
                export: id,
                file_name: kind.file_name(),
                rows,
                token: &token.token,
            };
            let _nothing_cached = super::effects::record(&mut tx, settings, ready)
                .await
                .map_err(transient)?;
        }
    }
    tx.commit().await.map_err(|e| transient(e.into()))?;
    Ok(None)
}

/// A produced export, for its link's holder; 404 once expired, for a
/// wrong token, or while it is still being produced (`Ok(None)`).
pub async fn download(
    state: &AppState,
    id: Uuid,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Kind, Vec<u8>)>, ServiceError> {
    use subtle::ConstantTimeEq;
    let mut conn = state.db.acquire().await?;
    let export = store::get(conn.h(), id)
        .await?
        .filter(|e| e.expires_at > now)
        .filter(|e| bool::from(crate::auth::tokens::hash(token).ct_eq(&e.token_hash[..])))
        .ok_or(ServiceError::NotFound)?;
    // A link sent before the organisation was flagged opens nothing now.
    if let Some(org) = export.organization_id {
        super::access::approved_only_by_id(conn.h(), org)
            .await
            .map_err(|_| ServiceError::NotFound)?;
    }
    let kind = if export.kind == "participations" {
        Kind::Participations
    } else {
        Kind::Missions
    };
    Ok(export.content.map(|c| (kind, c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("Léa"), "Léa");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+33 6"), "'+33 6");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell(";=1+1"), "\"';=1+1\"");
        assert_eq!(cell(" ,; -2"), "\"' ,; -2\"");
        assert_eq!(cell("a;b"), "\"a;b\"");
    }
}

#[cfg(test)]
mod delimiter_tests {
    use super::{csv_document, Delimiter};

    #[test]
    fn cells_holding_either_separator_are_quoted_and_formulas_neutralised() {
        let csv = csv_document(
            &["a", "b"],
            [
                vec!["x;y".to_owned(), "=1+2".to_owned()],
                vec![";=cmd".to_owned(), "1,5".to_owned()],
            ],
            Delimiter::Semicolon,
        );
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(
            text,
            "\u{feff}a;b\r\n\"x;y\";'=1+2\r\n\"';=cmd\";\"1,5\"\r\n"
        );
    }
}
