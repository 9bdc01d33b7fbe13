//! Statistics, computed ahead by a rollup in the worker and served from
//! its snapshots, never counted per request.
//!
//! Why a periodic rollup rather than counters kept by each transaction:
//! a counter row per department or domain would be written by every
//! signup and application of the night, one hot row that serialises the
//! very transactions the peak is made of. The rollup instead reads the
//! tables with a few grouped statements every `statistics.refresh_secs`
//! (5 minutes), whatever the traffic, and figures a few minutes old are
//! what statistics are for.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::error::ServiceError;
use crate::store::statistics as store;
use crate::store::{Db, StoreError};

/// What the platform counts, for a place or a domain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Figures {
    /// Active volunteers (by their own department; none by domain).
    pub volunteers: u64,
    /// Missions published and not withdrawn (published or completed).
    pub missions_published: u64,
    pub places_offered: u64,
    pub places_taken: u64,
    pub applications: u64,
}

/// One week, from its Monday.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Week {
    #[schema(value_type = String, format = Date)]
    pub week: NaiveDate,
    pub volunteers: u64,
    pub missions_published: u64,
    pub applications: u64,
}

/// The platform's public figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PublicStatistics {
    pub totals: Figures,
    /// By department code (missions by the department that moderates them).
    pub by_department: BTreeMap<String, Figures>,
    /// By mission domain.
    pub by_domain: BTreeMap<String, Figures>,
    /// The last 52 weeks, oldest first.
    pub weekly: Vec<Week>,
}

/// How fast referents decide, over the last 90 days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Moderation {
    pub organizations_pending: u64,
    pub missions_pending: u64,
    /// Hours the oldest submission has waited.
    pub oldest_pending_hours: Option<f64>,
    pub decided_last_90_days: u64,
    pub average_delay_hours: Option<f64>,
    pub median_delay_hours: Option<f64>,
}

/// A department, as its referents see it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DepartmentStatistics {
    pub department: String,
    pub figures: Figures,
    /// Applications to the department's missions by where they came from:
    /// a link's `utm_source`, `api-engagement` for the hub's clicks,
    /// `direct` for the rest.
    pub applications_by_source: BTreeMap<String, u64>,
    pub weekly: Vec<Week>,
    pub moderation: Moderation,
}

/// A mission, as its organisation sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MissionStatistics {
    pub id: Uuid,
    pub title: String,
    pub state: String,
    pub capacity: i32,
    pub places_taken: i32,
    pub applications: u64,
    pub accepted: u64,
    pub declined: u64,
    /// Applications per place offered.
    pub application_rate: f64,
    /// Accepted among the applications answered.
    pub acceptance_rate: Option<f64>,
    /// From application to answer, over the last 365 days.
    pub average_answer_hours: Option<f64>,
}

/// An organisation's missions, and their sums.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrganizationStatistics {
    pub applications: u64,
    /// Its applications by where they came from, as for a department.
    pub applications_by_source: BTreeMap<String, u64>,
    pub accepted: u64,
    pub declined: u64,
    pub application_rate: Option<f64>,
    pub acceptance_rate: Option<f64>,
    pub average_answer_hours: Option<f64>,
    pub missions: Vec<MissionStatistics>,
}

pub const PUBLIC: &str = "public";
pub const DEPARTMENT: &str = "department";
pub const ORGANIZATION: &str = "organization";

fn hours(d: Duration) -> f64 {
    (d.num_seconds() as f64 / 36.0).round() / 100.0
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 1000.0).round() / 1000.0)
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The 52 Mondays up to this week's, oldest first.
fn weeks(now: DateTime<Utc>) -> Vec<NaiveDate> {
    let this = monday(now.date_naive());
    (0..52).rev().map(|i| this - Duration::weeks(i)).collect()
}

fn weekly<'a>(
    mondays: &[NaiveDate],
    days: impl IntoIterator<Item = &'a store::DayCount>,
) -> Vec<Week> {
    let mut by_week: BTreeMap<NaiveDate, Week> = mondays
        .iter()
        .map(|m| {
            (
                *m,
                Week {
                    week: *m,
                    ..Week::default()
                },
            )
        })
        .collect();
    for d in days {
        let Ok(day) = NaiveDate::parse_from_str(&d.day, "%Y-%m-%d") else {
            continue;
        };
        if let Some(w) = by_week.get_mut(&monday(day)) {
            let n = d.n.max(0) as u64;
            match d.what.as_str() {
                "volunteers" => w.volunteers += n,
                "missions" => w.missions_published += n,
                _ => w.applications += n,
            }
        }
    }
    by_week.into_values().collect()
}

/// The sourced counts, with the rest of `total` as `direct`.
fn by_source(total: u64, mut sourced: BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    let counted: u64 = sourced.values().sum();
    let direct = total.saturating_sub(counted);
    if direct > 0 {
        *sourced.entry("direct".to_owned()).or_default() += direct;
    }
    sourced
}

/// The average of `n` waits lasting `seconds` in all, in hours.
fn average_hours(n: i64, seconds: f64) -> Option<f64> {
    (n > 0).then(|| (seconds / n as f64 / 36.0).round() / 100.0)
}

fn delays(decisions: &[&store::Decision]) -> (u64, Option<f64>, Option<f64>) {
    let mut waits: Vec<Duration> = decisions
        .iter()
        .filter_map(|d| d.waited_from.map(|from| d.decided_at - from))
        .filter(|d| *d >= Duration::zero())
        .collect();
    waits.sort();
    let n = waits.len();
    if n == 0 {
        return (decisions.len() as u64, None, None);
    }
    let total: Duration = waits.iter().copied().fold(Duration::zero(), |a, b| a + b);
    let average = hours(total / n as i32);
    let median = if n % 2 == 1 {
        waits[n / 2]
    } else {
        (waits[n / 2 - 1] + waits[n / 2]) / 2
    };
    (decisions.len() as u64, Some(average), Some(hours(median)))
}

/// How long one of the rollup's statements may run: well past the
/// seconds it takes at national scale, short of holding a connection
/// for ever.
const ROLLUP_STATEMENT_BUDGET: std::time::Duration = std::time::Duration::from_secs(60);

/// A day's figures can still change for a month: a signup activates up
/// to retention's purge of those never activated (30 days by default), a
/// mission is withdrawn, an account erased. Past that, a day is recorded
/// once (`statistics_days`) and never counted again: each rollup reads
/// this last month live, not the year of a country's applications (5 s
/// at national scale, docs/SCALING.md).
const SETTLED_AFTER_DAYS: i64 = 31;

/// What a rollup computed: the snapshots, and the days it found settled
/// and not yet recorded.
pub struct Rollup {
    pub snapshots: Vec<(&'static str, String, Value)>,
    settled: Vec<store::DayCount>,
    /// The first day the weekly figures need; those before it are forgotten.
    first_day: String,
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The first day the weekly figures need (the 52 weeks to this one start
/// within the 53 before `now`); those before it are forgotten.
fn first_day(now: DateTime<Utc>) -> NaiveDate {
    (now - Duration::weeks(53)).date_naive()
}

/// Every day the weekly figures read, from the settled days recorded and
/// the rest counted live, and the days to record now.
async fn days_of_the_year(
    h: crate::store::Handle<'_>,
    now: DateTime<Utc>,
) -> Result<(Vec<store::DayCount>, Vec<store::DayCount>), StoreError> {
    let mut h = h;
    let first = first_day(now);
    let settled = (now - Duration::days(SETTLED_AFTER_DAYS)).date_naive();
    let mut days = store::settled_days(h.reborrow(), &iso(first)).await?;
    // Counted live from the day after the last one recorded (those
    // before the year are forgotten at this rollup's end), at most from
    // the first day that has not settled.
    let last = days.iter().map(|d| d.day.clone()).max().unwrap_or_default();
    let since = NaiveDate::parse_from_str(&last, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map_or(first, |d| d.max(first))
        .min(settled);
    let counted = store::days(h, since.and_time(chrono::NaiveTime::MIN).and_utc()).await?;
    let settled = iso(settled);
    let mut to_record = Vec::new();
    // A day recorded already is never counted twice, even with a clock
    // set back since.
    for d in counted.into_iter().filter(|d| d.day > last) {
        if d.day < settled {
            to_record.push(d.clone());
        }
        days.push(d);
    }
    Ok((days, to_record))
}

/// Every snapshot, computed from the tables at `now`.
pub async fn compute(db: &Db, now: DateTime<Utc>) -> Result<Rollup, StoreError> {
    // Two connections, each reading half: at national scale the reads are
    // seconds each (docs/SCALING.md), and the database answers two at
    // once in about the time of the longer half. Figures a moment apart
    // are what a rollup is. Its statements may outlast a request's
    // statement timeout: a national database's year of applications took
    // 5 s to count by department and day with a cold cache, and the
    // rollup failed at the requests' 5 s.
    let places_and_days = async {
        let mut conn = db.begin_batch_read(ROLLUP_STATEMENT_BUDGET).await?;
        Ok::<_, StoreError>((
            store::volunteers(conn.h()).await?,
            store::missions(conn.h()).await?,
            store::applications(conn.h()).await?,
            days_of_the_year(conn.h(), now).await?,
            store::pending(conn.h()).await?,
        ))
    };
    let decisions_and_organizations = async {
        let mut conn = db.begin_batch_read(ROLLUP_STATEMENT_BUDGET).await?;
        Ok::<_, StoreError>((
            store::moderation_decisions(conn.h(), now - Duration::days(90)).await?,
            store::answer_times(conn.h(), now - Duration::days(365)).await?,
            store::organization_missions(conn.h()).await?,
            store::sourced_applications(conn.h()).await?,
        ))
    };
    let (
        (volunteers, missions, applications, (days, settled), pending),
        (decisions, answers, org_missions, sourced),
    ) = tokio::try_join!(places_and_days, decisions_and_organizations)?;
    let mondays = weeks(now);
    let mut sourced_in: HashMap<&str, BTreeMap<String, u64>> = HashMap::new();
    let mut sourced_of: HashMap<Uuid, BTreeMap<String, u64>> = HashMap::new();
    for s in &sourced {
        let n = s.n.max(0) as u64;
        *sourced_in
            .entry(&s.department)
            .or_default()
            .entry(s.source.clone())
            .or_default() += n;
        *sourced_of
            .entry(s.organization_id)
            .or_default()
            .entry(s.source.clone())
            .or_default() += n;
    }

    let mut public = PublicStatistics::default();
    for (department, n) in &volunteers {
        let n = (*n).max(0) as u64;
        public.totals.volunteers += n;
        if !department.is_empty() {
            public
                .by_department
                .entry(department.clone())
                .or_default()
                .volunteers += n;
        }
    }
    for m in &missions {
        for f in [
            &mut public.totals,
            public
                .by_department
                .entry(m.department.clone())
                .or_default(),
            public.by_domain.entry(m.domain.clone()).or_default(),
        ] {
            f.missions_published += m.missions.max(0) as u64;
            f.places_offered += m.places_offered.max(0) as u64;
            f.places_taken += m.places_taken.max(0) as u64;
        }
    }
    for (department, domain, n) in &applications {
        let n = (*n).max(0) as u64;
        public.totals.applications += n;
        public
            .by_department
            .entry(department.clone())
            .or_default()
            .applications += n;
        public
            .by_domain
            .entry(domain.clone())
            .or_default()
            .applications += n;
    }
    public.weekly = weekly(&mondays, &days);

    let mut rows: Vec<(&'static str, String, Value)> = Vec::new();
    let mut departments: Vec<String> = crate::domain::department::DEPARTMENTS
        .iter()
        .map(|d| d.code.to_owned())
        .collect();
    departments.sort();
    // Each row read once, into its department.
    let mut pending_in: HashMap<&str, Vec<&store::Pending>> = HashMap::new();
    for p in &pending {
        pending_in.entry(&p.department).or_default().push(p);
    }
    let mut decided_in: HashMap<&str, Vec<&store::Decision>> = HashMap::new();
    for d in &decisions {
        decided_in.entry(&d.key).or_default().push(d);
    }
    let mut days_in: HashMap<&str, Vec<&store::DayCount>> = HashMap::new();
    for d in &days {
        days_in.entry(&d.department).or_default().push(d);
    }
    for code in departments {
        let mut moderation = Moderation::default();
        for p in pending_in.get(code.as_str()).into_iter().flatten() {
            let n = p.n.max(0) as u64;
            if p.kind == "organizations" {
                moderation.organizations_pending += n;
            } else {
                moderation.missions_pending += n;
            }
            if let Some(oldest) = p.oldest {
                let waited = hours(now - oldest);
                moderation.oldest_pending_hours = Some(
                    moderation
                        .oldest_pending_hours
                        .map_or(waited, |h| h.max(waited)),
                );
            }
        }
        let here = decided_in
            .get(code.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        (
            moderation.decided_last_90_days,
            moderation.average_delay_hours,
            moderation.median_delay_hours,
        ) = delays(here);
        let figures = public.by_department.get(&code).cloned().unwrap_or_default();
        let stats = DepartmentStatistics {
            applications_by_source: by_source(
                figures.applications,
                sourced_in.remove(code.as_str()).unwrap_or_default(),
            ),
            figures,
            weekly: weekly(
                &mondays,
                days_in.get(code.as_str()).into_iter().flatten().copied(),
            ),
            moderation,
            department: code.clone(),
        };
        rows.push((
            DEPARTMENT,
            code,
            serde_json::to_value(stats).unwrap_or_default(),
        ));
    }

    let answered: HashMap<Uuid, &store::AnswerTimes> =
        answers.iter().map(|a| (a.mission_id, a)).collect();
    let mut by_org: BTreeMap<Uuid, OrganizationStatistics> = BTreeMap::new();
    // Answers and the seconds they waited, summed by organisation.
    let mut org_answers: HashMap<Uuid, (i64, f64)> = HashMap::new();
    let mut org_places: HashMap<Uuid, u64> = HashMap::new();
    for m in &org_missions {
        let timed = answered.get(&m.id);
        if let Some(t) = timed {
            let o = org_answers.entry(m.organization_id).or_default();
            o.0 += t.answered;
            o.1 += t.waited_seconds;
        }
        *org_places.entry(m.organization_id).or_default() += m.capacity.max(0) as u64;
        let (applications, accepted, declined) = (
            m.applications.max(0) as u64,
            m.accepted.max(0) as u64,
            m.declined.max(0) as u64,
        );
        let o = by_org.entry(m.organization_id).or_default();
        o.applications += applications;
        o.accepted += accepted;
        o.declined += declined;
        o.missions.push(MissionStatistics {
            id: m.id,
            title: m.title.clone(),
            state: m.state.clone(),
            capacity: m.capacity,
            places_taken: m.places_taken,
            applications,
            accepted,
            declined,
            application_rate: ratio(applications, m.capacity.max(1) as u64).unwrap_or(0.0),
            acceptance_rate: ratio(accepted, accepted + declined),
            average_answer_hours: timed.and_then(|t| average_hours(t.answered, t.waited_seconds)),
        });
    }
    for (id, mut o) in by_org {
        o.applications_by_source =
            by_source(o.applications, sourced_of.remove(&id).unwrap_or_default());
        o.application_rate = ratio(o.applications, org_places.get(&id).copied().unwrap_or(0));
        o.acceptance_rate = ratio(o.accepted, o.accepted + o.declined);
        o.average_answer_hours = org_answers
            .get(&id)
            .and_then(|(n, seconds)| average_hours(*n, *seconds));
        rows.push((
            ORGANIZATION,
            id.to_string(),
            serde_json::to_value(o).unwrap_or_default(),
        ));
    }
    rows.push((
        PUBLIC,
        String::new(),
        serde_json::to_value(public).unwrap_or_default(),
    ));
    Ok(Rollup {
        snapshots: rows,
        settled,
        first_day: iso(first_day(now)),
    })
}

/// What a rollup wrote.
#[derive(Debug, Clone, Copy)]
pub struct Refreshed {
    pub snapshots: usize,
    /// Counts of settled days (by day, department and what): a year's at
    /// the first rollup, then those of the day that settled since.
    pub day_counts_recorded: usize,
}

/// Recomputes every snapshot and replaces them, and records the days
/// that settled since the last rollup, in one transaction (replicas'
/// workers take turns on PostgreSQL).
pub async fn refresh(db: &Db, now: DateTime<Utc>) -> Result<Refreshed, StoreError> {
    let rollup = compute(db, now).await?;
    let mut tx = db.begin().await?;
    if let crate::store::Handle::Postgres(c) = tx.h() {
        sqlx::query("SELECT pg_advisory_xact_lock(726175617)")
            .execute(&mut *c)
            .await?;
    }
    store::record_days(tx.h(), &rollup.settled, &rollup.first_day).await?;
    store::replace_all(tx.h(), &rollup.snapshots, now).await?;
    tx.commit().await?;
    Ok(Refreshed {
        snapshots: rollup.snapshots.len(),
        day_counts_recorded: rollup.settled.len(),
    })
}

/// The snapshot of `scope`/`key` and when it was computed; the empty
/// document and `None` before the first rollup.
pub async fn snapshot<T: serde::de::DeserializeOwned + Default>(
    db: &Db,
    scope: &str,
    key: &str,
) -> Result<(Option<DateTime<Utc>>, T), ServiceError> {
    let mut conn = db.acquire().await?;
    Ok(match store::get(conn.h(), scope, key).await? {
        Some((body, at)) => (
            Some(at),
            serde_json::from_value(body.0).map_err(ServiceError::internal)?,
        ),
        None => (None, T::default()),
    })
}

/// An organisation's snapshot. One with no mission under way has none:
/// its figures are zeros as of the last rollup.
pub async fn organization(
    db: &Db,
    id: Uuid,
) -> Result<(Option<DateTime<Utc>>, OrganizationStatistics), ServiceError> {
    let (at, stats) = snapshot::<OrganizationStatistics>(db, ORGANIZATION, &id.to_string()).await?;
    if at.is_some() {
        return Ok((at, stats));
    }
    let mut conn = db.acquire().await?;
    let last_rollup = store::get(conn.h(), PUBLIC, "").await?.map(|(_, at)| at);
    Ok((last_rollup, stats))
}

/// The departments' snapshots, those of `only` when given.
pub async fn departments(
    db: &Db,
    only: Option<&[String]>,
) -> Result<Vec<DepartmentStatistics>, ServiceError> {
    let mut conn = db.acquire().await?;
    let mut out = Vec::new();
    for (key, body) in store::all_of(conn.h(), DEPARTMENT).await? {
        if only.is_none_or(|o| o.contains(&key)) {
            out.push(serde_json::from_value(body.0).map_err(ServiceError::internal)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_count_their_days() {
        let monday_ = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            monday(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()),
            monday_
        );
        assert_eq!(monday(monday_), monday_);
        let now = monday_.and_hms_opt(12, 0, 0).unwrap().and_utc();
        let mondays = weeks(now);
        assert_eq!(mondays.len(), 52);
        assert_eq!(*mondays.last().unwrap(), monday_);
        let day = |what: &str, day: &str, n| store::DayCount {
            what: what.into(),
            department: "69".into(),
            day: day.into(),
            n,
        };
        let w = weekly(
            &mondays,
            &[
                day("volunteers", "2026-11-30", 2),
                day("volunteers", "2026-12-01", 3),
                day("applications", "2026-11-29", 4),
                day("missions", "2020-01-01", 9),
            ],
        );
        assert_eq!(w.last().unwrap().volunteers, 5);
        assert_eq!(w[50].applications, 4, "Sunday belongs to the week before");
        assert_eq!(w.iter().map(|w| w.missions_published).sum::<u64>(), 0);
    }

    #[test]
    fn delays_give_the_average_and_the_median() {
        let at = |h: i64| Utc::now() - Duration::hours(100 - h);
        let decision = |waited: i64| store::Decision {
            key: "69".into(),
            waited_from: Some(at(0)),
            decided_at: at(waited),
        };
        let ds = [decision(1), decision(2), decision(9)];
        let refs: Vec<&store::Decision> = ds.iter().collect();
        assert_eq!(delays(&refs), (3, Some(4.0), Some(2.0)));
        assert_eq!(delays(&[]), (0, None, None));
    }
}
