//! The feed: the missions open to applications in the hub's `MissionXML`
//! (the restatement in `api/tests/contracts/api-engagement/`). A mission
//! that leaves public view or fills up is not in the next read, which the
//! hub takes as gone.

use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use super::{HubAddress, HubMission};
use crate::error::ServiceError;
use crate::state::AppState;
use crate::store::missions as store;

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
    let api = &state.settings.http.public_url;
    for row in rows {
        let here = addresses.remove(&row.mission.id).unwrap_or_default();
        mission(&mut out, &HubMission::new(app, api, &row, &here));
    }
    Ok(Some((out, last)))
}

/// One `<mission>`, with the fields the hub's importer reads.
pub fn mission(out: &mut String, m: &HubMission) {
    out.push_str("  <mission>\n");
    let e = |out: &mut String, tag: &str, value: &str| element(out, 2, tag, value);
    e(out, "clientId", &m.client_id.to_string());
    e(out, "title", &m.title);
    e(out, "description", &m.description);
    e(out, "applicationUrl", &m.application_url);
    e(
        out,
        "postedAt",
        &m.posted_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    );
    e(out, "startAt", &m.start.to_string());
    if let Some(end) = m.end {
        e(out, "endAt", &end.to_string());
    }
    e(out, "domain", m.domain);
    e(out, "remote", m.remote);
    e(
        out,
        "reducedMobilityAccessible",
        m.flags.reduced_mobility_accessible,
    );
    e(out, "closeToTransport", m.flags.close_to_transport);
    e(out, "openToMinors", m.flags.open_to_minors);
    e(out, "places", &m.places.to_string());
    e(out, "schedule", &m.schedule);
    e(out, "organizationName", &m.organization_name);
    e(out, "organizationId", &m.organization_id.to_string());
    if let Some(rna) = &m.organization_rna {
        e(out, "organizationRNA", rna);
    }
    if let Some(siren) = m.organization_siren() {
        e(out, "organizationSiren", siren);
    }
    if let Some(logo) = &m.organization_logo {
        e(out, "organizationLogo", logo);
    }
    if let Some(image) = &m.image {
        e(out, "image", image);
    }
    if !m.addresses.is_empty() {
        out.push_str("    <addresses>\n");
        for a in &m.addresses {
            address(out, a);
        }
        out.push_str("    </addresses>\n");
    }
    out.push_str("  </mission>\n");
}

fn address(out: &mut String, a: &HubAddress) {
    out.push_str("      <address>\n");
    let e = |out: &mut String, tag: &str, value: &str| element(out, 4, tag, value);
    if let Some(street) = &a.street {
        e(out, "street", street);
    }
    e(out, "city", &a.city);
    e(out, "postalCode", &a.postal_code);
    e(out, "departmentCode", &a.department_code);
    if let Some(name) = a.department_name {
        e(out, "departmentName", name);
    }
    if let Some(region) = a.region {
        e(out, "region", region);
    }
    e(out, "country", "FR");
    out.push_str("        <location>\n");
    element(out, 5, "lat", &a.latitude.to_string());
    element(out, 5, "lon", &a.longitude.to_string());
    out.push_str("        </location>\n");
    out.push_str("      </address>\n");
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
