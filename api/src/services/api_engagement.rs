//! Publishing to API Engagement, the state's mission hub: the missions
//! open to applications, in the hub's XML (`MissionXML`, the copy in
//! `api/tests/contracts/api-engagement/`). The hub reads the feed on its
//! own schedule, as it reads JeVeuxAider's; a mission that leaves public
//! view or fills up is not in the next read, which the hub takes as gone.

use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use crate::domain::api_engagement as hub;
use crate::domain::department;
use crate::domain::place::Address;
use crate::error::ServiceError;
use crate::services::deliveries::mission_url;
use crate::state::AppState;
use crate::store::missions::{self as store, FeedRow};

/// Missions read, rendered and sent at a time: the feed is written as it
/// is read, so the API holds one batch, never the whole country's.
pub const BATCH: i64 = 500;

/// What the feed's bytes depend on, and its build date (the latest change
/// among what it lists): equal data, equal bytes, on every replica, so
/// the hub and the CDN revalidate instead of reading it again.
pub async fn fingerprint(state: &AppState) -> Result<(String, DateTime<Utc>), ServiceError> {
    let mut conn = state.db.acquire().await?;
    let f = store::open_fingerprint(conn.h()).await?;
    let built = f
        .changed
        .max(f.organizations_changed)
        .unwrap_or(DateTime::UNIX_EPOCH);
    let settings = &state.settings;
    Ok((
        format!(
            "api-engagement/1|{}|{}|{f:?}",
            settings.api_engagement.publisher_name, settings.auth.app_base_url
        ),
        built,
    ))
}

/// The feed's opening, up to its first mission.
pub fn opening(publisher: &str, publisher_url: &str, now: DateTime<Utc>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<source>\n");
    element(&mut out, 1, "publisher", publisher);
    element(&mut out, 1, "publisherurl", publisher_url);
    element(
        &mut out,
        1,
        "lastBuildDate",
        &now.to_rfc3339_opts(SecondsFormat::Secs, true),
    );
    out
}

pub const CLOSING: &str = "</source>\n";

/// The next batch of open missions after `after`, rendered: the XML and
/// the last id (None once there are no more).
pub async fn batch(state: &AppState, after: Uuid) -> Result<Option<(String, Uuid)>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let rows = store::open_page(conn.h(), after, BATCH).await?;
    let Some(last) = rows.last().map(|r| r.mission.id) else {
        return Ok(None);
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.mission.id).collect();
    let mut addresses = store::addresses_of(conn.h(), &ids).await?;
    drop(conn);
    let mut out = String::with_capacity(rows.len() * 2048);
    let app = &state.settings.auth.app_base_url;
    for row in rows {
        let here = addresses.remove(&row.mission.id).unwrap_or_default();
        mission(&mut out, app, &row, &here);
    }
    Ok(Some((out, last)))
}

/// One `<mission>`, with the fields the hub's importer reads.
pub fn mission(out: &mut String, app_base_url: &str, row: &FeedRow, addresses: &[Address]) {
    let m = &row.mission;
    out.push_str("  <mission>\n");
    let e = |out: &mut String, tag: &str, value: &str| element(out, 2, tag, value);
    e(out, "clientId", &m.id.to_string());
    e(out, "title", &m.title);
    e(out, "description", &m.description);
    e(out, "applicationUrl", &mission_url(app_base_url, m.id));
    let posted = m.published_at.unwrap_or(m.created_at);
    e(
        out,
        "postedAt",
        &posted.to_rfc3339_opts(SecondsFormat::Secs, true),
    );
    // An ongoing mission starts when it was posted: the hub needs a start.
    let start = m.start_date.unwrap_or_else(|| m.day_at(posted));
    e(out, "startAt", &start.to_string());
    if let Some(end) = m.end_date {
        e(out, "endAt", &end.to_string());
    }
    e(out, "domain", hub::domain(&m.domain));
    e(out, "remote", hub::remote(m.format));
    let flags = hub::flags(&m.access.0.flags(m.minimum_age));
    e(
        out,
        "reducedMobilityAccessible",
        flags.reduced_mobility_accessible,
    );
    e(out, "closeToTransport", flags.close_to_transport);
    e(out, "openToMinors", flags.open_to_minors);
    // Places left, as JeVeuxAider gives them (a mission on shifts counts
    // its own capacity: its shifts' are read on the mission's page).
    let places = if m.has_shifts {
        m.capacity
    } else {
        m.places_left()
    };
    e(out, "places", &places.max(1).to_string());
    e(out, "schedule", &schedule(m));
    e(out, "organizationName", &row.organization_name);
    e(out, "organizationId", &m.organization_id.to_string());
    if let Some(rna) = &row.organization_rna {
        e(out, "organizationRNA", rna);
    }
    if let Some(siren) = row.organization_siret.as_deref().and_then(hub::siren) {
        e(out, "organizationSiren", siren);
    }
    if !addresses.is_empty() {
        out.push_str("    <addresses>\n");
        for a in addresses {
            address(out, a);
        }
        out.push_str("    </addresses>\n");
    }
    out.push_str("  </mission>\n");
}

fn address(out: &mut String, a: &Address) {
    let known = department::by_code(&a.department);
    out.push_str("      <address>\n");
    let e = |out: &mut String, tag: &str, value: &str| element(out, 4, tag, value);
    if let Some(line) = &a.line {
        e(out, "street", line);
    }
    e(out, "city", &a.city);
    e(out, "postalCode", &a.postcode);
    e(out, "departmentCode", &a.department);
    if let Some(d) = known {
        e(out, "departmentName", d.name);
        e(out, "region", d.region);
    }
    e(out, "country", "FR");
    out.push_str("        <location>\n");
    element(out, 5, "lat", &a.latitude.to_string());
    element(out, 5, "lon", &a.longitude.to_string());
    out.push_str("        </location>\n");
    out.push_str("      </address>\n");
}

/// The commitment in the hub's free `schedule`, in French.
fn schedule(m: &store::MissionRow) -> String {
    let hours = m.commitment_hours;
    let hours = if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours}").replace('.', ",")
    };
    let unit = if m.commitment_hours > 1.0 {
        "heures"
    } else {
        "heure"
    };
    if m.commitment_kind == "total" {
        format!("{hours} {unit} au total")
    } else {
        format!("{hours} {unit} par semaine")
    }
}

/// `<tag>value</tag>` on its own line, the value escaped. Characters XML
/// 1.0 cannot carry (control characters a pasted text may hold) are left
/// out: one of them makes the whole document unreadable to the hub.
fn element(out: &mut String, depth: usize, tag: &str, value: &str) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    let _ = write!(out, "<{tag}>");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    let _ = writeln!(out, "</{tag}>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_characters_xml_cannot_carry_left_out() {
        let mut out = String::new();
        element(&mut out, 0, "title", "Café & <goûter>\u{1} ]]> fin");
        assert_eq!(out, "<title>Café &amp; &lt;goûter&gt; ]]&gt; fin</title>\n");
    }
}
