//! What a seeded platform holds, derived from the seed value alone: each
//! volunteer, organisation, mission and mission's applications draws from
//! a random stream of its own, so any one can be generated again (the
//! applications of a mission decide its places taken, then its
//! participations, history, messages and sent emails, in four stages).

use chrono::{DateTime, Duration, NaiveTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use uuid::Uuid;

use super::load::{Field, Row, Stage};
use super::Plan;
use crate::auth::password::HashPool;
use crate::domain::cities::PREFECTURES;
use crate::domain::eligibility::Access;
use crate::domain::geo::unit_vector;
use crate::domain::mission::{Audience, Slot, Weekday};
use crate::domain::taxonomy::{MISSION_DOMAINS, SKILLS};
use crate::store::StoreError;

/// The password of every seeded volunteer and organisation owner.
pub const SEED_PASSWORD: &str = "renfort seed password";

/// The tables the seed writes, vacuumed and analysed afterwards.
pub const TABLES: &[&str] = &[
    "accounts",
    "organizations",
    "organization_members",
    "missions",
    "mission_addresses",
    "shifts",
    "participations",
    "state_history",
    "messages",
    "outbox_jobs",
];

/// One transaction each, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageKind {
    Accounts,
    Organizations,
    Missions,
    /// With their history, conversations and recent emails.
    Participations,
}

pub const STAGES: &[StageKind] = &[
    StageKind::Accounts,
    StageKind::Organizations,
    StageKind::Missions,
    StageKind::Participations,
];

impl StageKind {
    pub fn name(self) -> &'static str {
        match self {
            StageKind::Accounts => "accounts",
            StageKind::Organizations => "organizations",
            StageKind::Missions => "missions",
            StageKind::Participations => "participations",
        }
    }
}

/// The random streams, one per kind of thing.
const VOLUNTEER: u64 = 1;
const OWNER: u64 = 2;
const ORGANIZATION: u64 = 3;
const MISSION: u64 = 4;
const APPLICATIONS: u64 = 5;

fn stream(seed: u64, kind: u64, index: u64) -> StdRng {
    // splitmix64 of the three: neighbouring indexes draw unrelated streams.
    let mut z = seed ^ kind.rotate_left(56) ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    StdRng::seed_from_u64(z ^ (z >> 31))
}

/// A version 7 UUID for something created at `at`: ordered by time as the
/// service's own identifiers are, its random part from the stream. Its
/// time is counted back from a fixed instant by the row's age, not from
/// today: a seed run tomorrow draws the same identifiers, and finds what
/// today's run wrote.
fn id_at(rng: &mut StdRng, at: DateTime<Utc>, now: DateTime<Utc>) -> Uuid {
    const ORIGIN_MS: i64 = 1_800_000_000_000;
    let random: [u8; 10] = rng.random();
    let millis = ORIGIN_MS - (now - at).num_milliseconds();
    uuid::Builder::from_unix_timestamp_millis(millis.max(0) as u64, &random).into_uuid()
}

/// A moment between `from` and `to`.
fn between(rng: &mut StdRng, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_seconds().max(1);
    from + Duration::seconds(rng.random_range(0..span))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MissionState {
    Published,
    Completed,
    PendingReview,
    Draft,
    Cancelled,
}

impl MissionState {
    fn as_str(self) -> &'static str {
        match self {
            MissionState::Published => "published",
            MissionState::Completed => "completed",
            MissionState::PendingReview => "pending_review",
            MissionState::Draft => "draft",
            MissionState::Cancelled => "cancelled",
        }
    }
}

/// What the later stages need of a mission.
struct MissionPlan {
    id: Uuid,
    organization: usize,
    state: MissionState,
    capacity: i32,
    shifts: bool,
    created: DateTime<Utc>,
    published: Option<DateTime<Utc>>,
    /// Applications received, and those holding a place among them.
    applications: u32,
    holders: u32,
}

/// One application, as its mission's stream draws it.
struct Application {
    id: Uuid,
    volunteer: usize,
    state: &'static str,
    created: DateTime<Utc>,
    decided: DateTime<Utc>,
    motivation: bool,
    messages: u8,
}

pub struct World {
    pub run: String,
    seed: u64,
    now: DateTime<Utc>,
    password_hash: String,
    volunteers: Vec<Uuid>,
    owners: Vec<Uuid>,
    organizations: Vec<(Uuid, usize)>,
    missions: Vec<MissionPlan>,
    /// How many applications a mission draws on average.
    mean_applications: f64,
}

/// Missions of the national network (organisation 0): one in a thousand,
/// each with ten times the usual applications, so that one organisation
/// holds a list of tens of thousands.
fn of_the_network(mission: usize) -> bool {
    mission.is_multiple_of(1000)
}

impl World {
    pub async fn new(plan: &Plan, now: DateTime<Utc>) -> Self {
        let password_hash = HashPool::new(1, 1)
            .hash(SEED_PASSWORD.to_owned())
            .await
            .expect("hashing the seed password");
        let seed = plan.seed;
        let volunteers = (0..plan.volunteers)
            .map(|n| volunteer_id(seed, n, now))
            .collect();
        let owners = (0..plan.organizations)
            .map(|n| {
                let mut rng = stream(seed, OWNER, n as u64);
                let created = between(
                    &mut rng,
                    now - Duration::days(1100),
                    now - Duration::days(400),
                );
                id_at(&mut rng, created, now)
            })
            .collect();
        let organizations = (0..plan.organizations)
            .map(|n| {
                let mut rng = stream(seed, ORGANIZATION, n as u64);
                let created = between(
                    &mut rng,
                    now - Duration::days(1000),
                    now - Duration::days(380),
                );
                (id_at(&mut rng, created, now), n)
            })
            .collect();
        let mut world = World {
            run: format!("{seed:x}"),
            seed,
            now,
            password_hash,
            volunteers,
            owners,
            organizations,
            missions: Vec::new(),
            mean_applications: 0.0,
        };
        if plan.organizations > 0 {
            // About 90% of missions take applications (published or
            // completed, not on shifts); the network's take ten shares.
            let shares = plan.missions as f64 * 0.81 + (plan.missions / 1000 + 1) as f64 * 9.0;
            world.mean_applications = plan.participations as f64 / shares.max(1.0);
            world.missions = (0..plan.missions).map(|i| world.mission_plan(i)).collect();
        }
        world
    }

    /// Missions this world holds (none without an organisation).
    pub fn missions(&self) -> usize {
        self.missions.len()
    }

    /// Participations this world holds.
    pub fn participations(&self) -> u64 {
        self.missions
            .iter()
            .map(|m| u64::from(m.applications))
            .sum()
    }

    fn mission_plan(&self, i: usize) -> MissionPlan {
        let mut rng = stream(self.seed, MISSION, i as u64);
        let organization = if of_the_network(i) {
            0
        } else {
            rng.random_range(0..self.organizations.len())
        };
        let state = match rng.random_range(0..100) {
            0..82 => MissionState::Published,
            82..92 => MissionState::Completed,
            92..95 => MissionState::PendingReview,
            95..98 => MissionState::Draft,
            _ => MissionState::Cancelled,
        };
        let created = between(
            &mut rng,
            self.now - Duration::days(700),
            self.now - Duration::days(20),
        );
        let published = matches!(state, MissionState::Published | MissionState::Completed)
            .then(|| created + Duration::hours(rng.random_range(2..96)));
        let shifts = state == MissionState::Published && rng.random_bool(0.1);
        let mut capacity = rng.random_range(1..=40);
        let mut applications = 0;
        if published.is_some() && !shifts {
            let mean = if of_the_network(i) {
                self.mean_applications * 10.0
            } else {
                self.mean_applications
            };
            let mut draw = stream(self.seed, APPLICATIONS, i as u64);
            applications = (draw.random_range(0.0..=2.0 * mean).round() as usize)
                .min(self.volunteers.len()) as u32;
            if of_the_network(i) {
                capacity = (applications as i32).clamp(40, 10_000);
            }
        }
        // Seven applications in ten hold a place (pending, accepted or
        // completed), as far as the places go.
        let holders = (applications * 7 / 10).min(capacity as u32);
        let id = id_at(&mut rng, created, self.now);
        MissionPlan {
            id,
            organization,
            state,
            capacity,
            shifts,
            created,
            published,
            applications,
            holders,
        }
    }

    /// A mission's applications, the same each time they are drawn.
    fn applications(&self, i: usize) -> Vec<Application> {
        let m = &self.missions[i];
        let Some(published) = m.published else {
            return Vec::new();
        };
        let mut rng = stream(self.seed, APPLICATIONS, i as u64);
        // The count was drawn first from this stream: draw it again.
        let _: f64 = rng.random_range(0.0..=1.0);
        let volunteers = self.volunteers.len();
        let first = rng.random_range(0..volunteers.max(1));
        // Steps of a prime visit distinct volunteers (a prime that does
        // not divide their number).
        let step = if volunteers.is_multiple_of(7919) {
            7907
        } else {
            7919
        };
        let until = if m.state == MissionState::Completed {
            published + Duration::days(60)
        } else {
            self.now - Duration::hours(1)
        }
        .min(self.now - Duration::hours(1));
        (0..m.applications as usize)
            .map(|j| {
                let created = between(
                    &mut rng,
                    published,
                    until.max(published + Duration::hours(1)),
                );
                let decided = (created + Duration::hours(rng.random_range(1..240))).min(self.now);
                let holder = (j as u32) < m.holders;
                let state = match (holder, m.state) {
                    (true, MissionState::Completed) => "completed",
                    (true, _) if rng.random_bool(0.6) => "accepted",
                    (true, _) => "pending",
                    (false, _) if rng.random_bool(0.6) => "declined",
                    (false, _) => "cancelled",
                };
                Application {
                    id: id_at(&mut rng, created, self.now),
                    volunteer: (first + j * step) % volunteers,
                    state,
                    created,
                    decided,
                    motivation: rng.random_bool(0.4),
                    messages: if rng.random_bool(0.1) {
                        rng.random_range(1..=4)
                    } else {
                        0
                    },
                }
            })
            .collect()
    }

    /// The row a stage's earlier run left: its table, key column and key.
    /// None when the stage has nothing to write.
    pub fn mark(&self, stage: StageKind) -> Option<(&'static str, &'static str, Uuid)> {
        match stage {
            StageKind::Accounts => self
                .volunteers
                .first()
                .or(self.owners.first())
                .map(|id| ("accounts", "id", *id)),
            StageKind::Organizations => self
                .organizations
                .first()
                .map(|(id, _)| ("organizations", "id", *id)),
            StageKind::Missions => self.missions.first().map(|m| ("missions", "id", m.id)),
            StageKind::Participations => {
                let (i, _) = self
                    .missions
                    .iter()
                    .enumerate()
                    .find(|(_, m)| m.applications > 0)?;
                let first = self.applications(i).into_iter().next()?;
                Some(("participations", "id", first.id))
            }
        }
    }

    pub async fn write(&self, stage: StageKind, tx: &mut Stage) -> Result<u64, StoreError> {
        match stage {
            StageKind::Accounts => self.write_accounts(tx).await,
            StageKind::Organizations => self.write_organizations(tx).await,
            StageKind::Missions => self.write_missions(tx).await,
            StageKind::Participations => self.write_participations(tx).await,
        }
    }
}

const ACTIVITIES: &[(&str, &str)] = &[
    ("solidarity_inclusion", "Distribution alimentaire"),
    (
        "solidarity_inclusion",
        "Maraude auprès des personnes sans abri",
    ),
    (
        "solidarity_inclusion",
        "Accueil et écoute en épicerie solidaire",
    ),
    ("health", "Accompagnement de patients à l'hôpital"),
    ("health", "Collecte de sang : accueil des donneurs"),
    ("education", "Soutien scolaire pour collégiens"),
    ("education", "Ateliers de lecture pour enfants"),
    ("culture_leisure", "Médiation culturelle au musée"),
    ("culture_leisure", "Animation d'un festival de quartier"),
    ("sport", "Encadrement d'un club de football"),
    (
        "sport",
        "Sport adapté pour personnes en situation de handicap",
    ),
    ("environment", "Nettoyage des berges de la rivière"),
    ("environment", "Plantation d'arbres et jardin partagé"),
    (
        "memory_citizenship",
        "Cérémonies commémoratives et transmission de la mémoire",
    ),
    ("international_cooperation", "Accueil de familles réfugiées"),
    (
        "prevention_protection",
        "Prévention routière auprès des jeunes",
    ),
    ("crisis_response", "Renfort logistique en cas d'inondation"),
    (
        "crisis_response",
        "Appels de convivialité aux personnes isolées",
    ),
    (
        "skills_based",
        "Conseil en comptabilité pour une association",
    ),
    ("skills_based", "Refonte du site web d'une association"),
];

const FIRST_NAMES: &[&str] = &[
    "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Karim", "Aïcha", "Louis",
];
const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Diallo", "Nguyen", "Moreau",
    "Laurent",
];

const ACCOUNT_COLUMNS: &[&str] = &[
    "id",
    "email",
    "email_normalized",
    "state",
    "password_hash",
    "first_name",
    "last_name",
    "birth_date",
    "postcode",
    "department",
    "terms_version",
    "terms_accepted_at",
    "created_at",
    "updated_at",
    "activated_at",
    "last_active_at",
];

fn volunteer_id(seed: u64, n: usize, now: DateTime<Utc>) -> Uuid {
    let mut rng = stream(seed, VOLUNTEER, n as u64);
    let created = between(
        &mut rng,
        now - Duration::days(1100),
        now - Duration::days(1),
    );
    id_at(&mut rng, created, now)
}

impl World {
    /// An account that signed up, activated and came back since: a person
    /// of 18 to 75 in a prefecture's department.
    fn account(&self, kind: u64, n: usize, created_within: (i64, i64)) -> Row {
        let mut rng = stream(self.seed, kind, n as u64);
        let created = between(
            &mut rng,
            self.now - Duration::days(created_within.0),
            self.now - Duration::days(created_within.1),
        );
        let id = id_at(&mut rng, created, self.now);
        let (department, _, postcode, _, _) = PREFECTURES[rng.random_range(0..PREFECTURES.len())];
        let letter = if kind == VOLUNTEER { 'v' } else { 'o' };
        let email = format!("seed-{}-{letter}{n}@example.org", self.run);
        let today = self.now.date_naive();
        let born = today - Duration::days(rng.random_range(18 * 365 + 5..76 * 365));
        let activated = created + Duration::minutes(rng.random_range(2..600));
        let active = between(&mut rng, activated, self.now);
        vec![
            id.into(),
            email.clone().into(),
            email.into(),
            "active".into(),
            self.password_hash.as_str().into(),
            FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())].into(),
            LAST_NAMES[rng.random_range(0..LAST_NAMES.len())].into(),
            born.into(),
            postcode.into(),
            department.into(),
            "2026-01".into(),
            created.into(),
            created.into(),
            active.into(),
            activated.into(),
            active.into(),
        ]
    }

    async fn write_accounts(&self, tx: &mut Stage) -> Result<u64, StoreError> {
        let total = (self.volunteers.len() + self.owners.len()) as u64;
        let mut accounts = tx.table("accounts", ACCOUNT_COLUMNS, total).await?;
        for n in 0..self.volunteers.len() {
            accounts.push(self.account(VOLUNTEER, n, (1100, 1))).await?;
        }
        for n in 0..self.owners.len() {
            accounts.push(self.account(OWNER, n, (1100, 400))).await?;
        }
        accounts.finish().await
    }

    async fn write_organizations(&self, tx: &mut Stage) -> Result<u64, StoreError> {
        const COLUMNS: &[&str] = &[
            "id",
            "name",
            "kind",
            "rna",
            "description",
            "address_line",
            "postcode",
            "city",
            "department",
            "latitude",
            "longitude",
            "contact_email",
            "domains",
            "state",
            "created_at",
            "updated_at",
            "submitted_at",
        ];
        // RNA numbers are unique among live organisations: each seed value
        // takes its own block of a million.
        let rna_block = self.seed % 1000 * 1_000_000;
        let mut rows = tx
            .table("organizations", COLUMNS, self.organizations.len() as u64)
            .await?;
        for &(id, n) in &self.organizations {
            let mut rng = stream(self.seed, ORGANIZATION, n as u64);
            let created = between(
                &mut rng,
                self.now - Duration::days(1000),
                self.now - Duration::days(380),
            );
            let _ = id_at(&mut rng, created, self.now);
            let (dep, city, postcode, lat, lon) = PREFECTURES[n % PREFECTURES.len()];
            let domain = MISSION_DOMAINS[rng.random_range(0..MISSION_DOMAINS.len())].slug;
            let name = if n == 0 {
                "Réseau national des bénévoles solidaires".to_owned()
            } else {
                format!("Association n°{n} de {city}")
            };
            rows.push(vec![
                id.into(),
                name.into(),
                if n % 7 == 0 { "public_body" } else { "association" }.into(),
                format!("W{:09}", rna_block + n as u64).into(),
                format!("Association de {city} engagée au quotidien auprès des habitants du département.").into(),
                format!("{} place de la Mairie", rng.random_range(1..60)).into(),
                postcode.into(),
                city.into(),
                dep.into(),
                lat.into(),
                lon.into(),
                format!("seed-{}-o{n}@example.org", self.run).into(),
                json!([domain]).into(),
                "approved".into(),
                created.into(),
                (created + Duration::days(3)).into(),
                (created + Duration::hours(1)).into(),
            ])
            .await?;
        }
        let mut written = rows.finish().await?;
        let mut members = tx
            .table(
                "organization_members",
                &["organization_id", "account_id", "role", "joined_at"],
                self.organizations.len() as u64,
            )
            .await?;
        for (&(id, _), owner) in self.organizations.iter().zip(&self.owners) {
            members
                .push(vec![
                    id.into(),
                    (*owner).into(),
                    "owner".into(),
                    self.now.into(),
                ])
                .await?;
        }
        written += members.finish().await?;
        Ok(written)
    }

    async fn write_missions(&self, tx: &mut Stage) -> Result<u64, StoreError> {
        const COLUMNS: &[&str] = &[
            "id",
            "organization_id",
            "title",
            "description",
            "domain",
            "skills",
            "audience",
            "format",
            "start_date",
            "end_date",
            "slots",
            "commitment_kind",
            "commitment_hours",
            "capacity",
            "places_taken",
            "minimum_age",
            "motivation_required",
            "registration_open",
            "access",
            "accessibility",
            "department",
            "state",
            "created_at",
            "updated_at",
            "submitted_at",
            "published_at",
            "has_shifts",
        ];
        let total = self.missions.len() as u64;
        let mut addresses = Vec::new();
        let mut shifts = Vec::new();
        let mut rows = tx.table("missions", COLUMNS, total).await?;
        for (i, m) in self.missions.iter().enumerate() {
            let mut rng = stream(self.seed, MISSION ^ 0xFF, i as u64);
            let (org_id, org_n) = self.organizations[m.organization];
            let (dep, city, postcode, lat, lon) = PREFECTURES[org_n % PREFECTURES.len()];
            let (domain, activity) = ACTIVITIES[rng.random_range(0..ACTIVITIES.len())];
            let format = match rng.random_range(0..20) {
                0..=13 => "on_site",
                14..=16 => "hybrid",
                _ => "remote",
            };
            if format != "remote" {
                let (la, lo) = (
                    lat + rng.random_range(-0.08..0.08),
                    lon + rng.random_range(-0.08..0.08),
                );
                let [x, y, z] = unit_vector(la, lo);
                addresses.push(vec![
                    m.id.into(),
                    0.into(),
                    Field::Null,
                    postcode.into(),
                    city.into(),
                    dep.into(),
                    la.into(),
                    lo.into(),
                    x.into(),
                    y.into(),
                    z.into(),
                ]);
            }
            let today = self.now.date_naive();
            let mut start = match m.state {
                MissionState::Completed => today - Duration::days(rng.random_range(120..600)),
                _ => today + Duration::days(rng.random_range(-30..150)),
            };
            let mut end = start + Duration::days(rng.random_range(1..180));
            if m.state == MissionState::Completed {
                end = end.min(today - Duration::days(1));
            }
            let mut capacity = m.capacity;
            if m.shifts {
                // Four weekly mornings of their own places.
                let first = start.max(today + Duration::days(1));
                let places = rng.random_range(2..=10);
                for week in 0..4 {
                    let mut shift_rng = stream(self.seed, MISSION ^ 0xF0, (i * 4 + week) as u64);
                    shifts.push(vec![
                        id_at(&mut shift_rng, m.created, self.now).into(),
                        m.id.into(),
                        (first + Duration::weeks(week as i64)).into(),
                        NaiveTime::from_hms_opt(9, 0, 0).expect("valid time").into(),
                        NaiveTime::from_hms_opt(12, 0, 0)
                            .expect("valid time")
                            .into(),
                        places.into(),
                        0.into(),
                        Field::Null,
                        m.created.into(),
                        m.created.into(),
                    ]);
                }
                capacity = places * 4;
                start = first;
                end = first + Duration::weeks(3);
            }
            let skills: std::collections::BTreeSet<&str> = (0..rng.random_range(0..=3))
                .map(|_| SKILLS[rng.random_range(0..SKILLS.len())].slug)
                .collect();
            let minimum_age = if rng.random_bool(0.8) { 16 } else { 18 };
            let access = Access {
                reduced_mobility: rng.random_bool(0.3),
                public_transport: rng.random_bool(0.5),
                parental_consent: rng.random_bool(0.5),
                prerequisites: None,
            };
            let audience = [
                Audience::Everyone,
                Audience::Seniors,
                Audience::Children,
                Audience::PeopleInPrecarity,
            ][rng.random_range(0..4)];
            let slots: Vec<Slot> = if rng.random_bool(0.3) {
                vec![Slot {
                    weekday: Weekday::Wednesday,
                    start: NaiveTime::from_hms_opt(14, 0, 0).expect("valid time"),
                    end: NaiveTime::from_hms_opt(17, 0, 0).expect("valid time"),
                }]
            } else {
                vec![]
            };
            // Its address is in its organisation's town, and a remote
            // mission is moderated where its organisation is: either way
            // the organisation's department.
            let department = dep;
            let name = if of_the_network(i) {
                format!("{activity} : campagne nationale")
            } else {
                format!("{activity} à {city}")
            };
            rows.push(vec![
                m.id.into(),
                org_id.into(),
                name.into(),
                format!(
                    "{activity} avec une équipe de bénévoles à {city}. Aucune expérience n'est demandée : \
                     nous vous accueillons et vous formons. Mission n°{}.",
                    rng.random_range(1000..99999)
                )
                .into(),
                domain.into(),
                json!(skills).into(),
                json!([audience]).into(),
                format.into(),
                start.into(),
                end.into(),
                serde_json::to_value(&slots).expect("slots serialize").into(),
                "per_week".into(),
                f64::from(rng.random_range(1..8)).into(),
                capacity.into(),
                (m.holders as i32).into(),
                minimum_age.into(),
                rng.random_bool(0.2).into(),
                rng.random_bool(0.95).into(),
                serde_json::to_value(&access).expect("access serializes").into(),
                serde_json::to_value(access.flags(minimum_age)).expect("flags serialize").into(),
                department.into(),
                m.state.as_str().into(),
                m.created.into(),
                m.published.unwrap_or(m.created).into(),
                (m.state != MissionState::Draft).then_some(m.created + Duration::hours(1)).into(),
                m.published.into(),
                m.shifts.into(),
            ])
            .await?;
        }
        let mut written = rows.finish().await?;
        let mut places = tx
            .table(
                "mission_addresses",
                &[
                    "mission_id",
                    "position",
                    "line",
                    "postcode",
                    "city",
                    "department",
                    "latitude",
                    "longitude",
                    "x",
                    "y",
                    "z",
                ],
                addresses.len() as u64,
            )
            .await?;
        for row in addresses {
            places.push(row).await?;
        }
        written += places.finish().await?;
        let mut shift_rows = tx
            .table(
                "shifts",
                &[
                    "id",
                    "mission_id",
                    "day",
                    "start_time",
                    "end_time",
                    "capacity",
                    "places_taken",
                    "cancelled_at",
                    "created_at",
                    "updated_at",
                ],
                shifts.len() as u64,
            )
            .await?;
        for row in shifts {
            shift_rows.push(row).await?;
        }
        written += shift_rows.finish().await?;
        Ok(written)
    }

    /// Participations, then their history, their conversations and the
    /// emails of the last two weeks that the outbox still keeps as sent.
    async fn write_participations(&self, tx: &mut Stage) -> Result<u64, StoreError> {
        const COLUMNS: &[&str] = &[
            "id",
            "mission_id",
            "volunteer_id",
            "motivation",
            "state",
            "reason_code",
            "created_at",
            "updated_at",
            "attended",
            "hours",
            "age_band",
            "organization_id",
        ];
        let total = self.participations();
        let mut written = 0;
        let mut rows = tx.table("participations", COLUMNS, total).await?;
        for (i, m) in self.missions.iter().enumerate() {
            let (organization, _) = self.organizations[m.organization];
            for a in self.applications(i) {
                let completed = a.state == "completed";
                rows.push(vec![
                    a.id.into(),
                    m.id.into(),
                    self.volunteers[a.volunteer].into(),
                    a.motivation
                        .then_some("Je souhaite aider près de chez moi, j'ai du temps le mercredi.")
                        .into(),
                    a.state.into(),
                    (a.state == "declined")
                        .then_some("requirements_not_met")
                        .into(),
                    a.created.into(),
                    if a.state == "pending" {
                        a.created
                    } else {
                        a.decided
                    }
                    .into(),
                    completed.then_some(true).into(),
                    completed.then_some(12.0).into(),
                    "18_or_over".into(),
                    organization.into(),
                ])
                .await?;
            }
        }
        written += rows.finish().await?;

        const HISTORY: &[&str] = &[
            "id",
            "subject_kind",
            "subject_id",
            "actor_id",
            "actor_role",
            "from_state",
            "to_state",
            "created_at",
        ];
        let mut history = tx.table("state_history", HISTORY, total * 2).await?;
        for (i, m) in self.missions.iter().enumerate() {
            let owner = self.owners[m.organization];
            for a in self.applications(i) {
                let volunteer = self.volunteers[a.volunteer];
                let mut rng = stream(self.seed, APPLICATIONS ^ 0xFF, a.id.as_u128() as u64);
                history
                    .push(vec![
                        id_at(&mut rng, a.created, self.now).into(),
                        "participation".into(),
                        a.id.into(),
                        volunteer.into(),
                        "volunteer".into(),
                        Field::Null,
                        "pending".into(),
                        a.created.into(),
                    ])
                    .await?;
                if a.state != "pending" {
                    let (actor, role) = if a.state == "cancelled" {
                        (volunteer, "volunteer")
                    } else {
                        (owner, "member")
                    };
                    let from = if a.state == "completed" {
                        "accepted"
                    } else {
                        "pending"
                    };
                    history
                        .push(vec![
                            id_at(&mut rng, a.decided, self.now).into(),
                            "participation".into(),
                            a.id.into(),
                            actor.into(),
                            role.into(),
                            from.into(),
                            a.state.into(),
                            a.decided.into(),
                        ])
                        .await?;
                }
            }
        }
        written += history.finish().await?;

        let mut messages = tx
            .table(
                "messages",
                &[
                    "id",
                    "participation_id",
                    "author_id",
                    "side",
                    "body",
                    "created_at",
                ],
                total / 4,
            )
            .await?;
        for (i, m) in self.missions.iter().enumerate() {
            let owner = self.owners[m.organization];
            for a in self.applications(i) {
                let mut rng = stream(self.seed, APPLICATIONS ^ 0xF0, a.id.as_u128() as u64);
                let mut at = a.created;
                for k in 0..a.messages {
                    at = (at + Duration::minutes(rng.random_range(5..2880))).min(self.now);
                    let (author, side, body) = if k % 2 == 0 {
                        (
                            self.volunteers[a.volunteer],
                            "volunteer",
                            "Bonjour, faut-il apporter quelque chose le premier jour ?",
                        )
                    } else {
                        (owner, "organization", "Bonjour, rien de particulier : une tenue confortable suffit. À bientôt !")
                    };
                    messages
                        .push(vec![
                            id_at(&mut rng, at, self.now).into(),
                            a.id.into(),
                            author.into(),
                            side.into(),
                            body.into(),
                            at.into(),
                        ])
                        .await?;
                }
            }
        }
        written += messages.finish().await?;

        const OUTBOX: &[&str] = &[
            "id",
            "kind",
            "payload",
            "priority",
            "state",
            "run_after",
            "attempts",
            "created_at",
            "updated_at",
            "done_at",
            "outcome",
        ];
        let recent = self.now - Duration::days(14);
        let mut outbox = tx.table("outbox_jobs", OUTBOX, total / 10).await?;
        for (i, m) in self.missions.iter().enumerate() {
            for a in self
                .applications(i)
                .into_iter()
                .filter(|a| a.created >= recent)
            {
                let mut rng = stream(self.seed, APPLICATIONS ^ 0x0F, a.id.as_u128() as u64);
                let to = format!("seed-{}-v{}@example.org", self.run, a.volunteer);
                let sent = a.created + Duration::seconds(rng.random_range(1..30));
                outbox
                    .push(vec![
                        id_at(&mut rng, a.created, self.now).into(),
                        "email".into(),
                        json!({"to": to, "template": "participation_created", "params": {"mission_id": m.id}}).into(),
                        0.into(),
                        "done".into(),
                        a.created.into(),
                        1.into(),
                        a.created.into(),
                        sent.into(),
                        sent.into(),
                        Field::Null,
                    ])
                    .await?;
            }
        }
        written += outbox.finish().await?;
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(plan: Plan) -> World {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(World::new(&plan, Utc::now()))
    }

    #[test]
    fn the_same_seed_draws_the_same_world() {
        let plan = Plan {
            organizations: 20,
            missions: 300,
            volunteers: 500,
            participations: 3000,
            seed: 9,
        };
        // Drawn at two instants: identifiers do not depend on the day.
        let (a, b) = (world(plan.clone()), world(plan));
        assert_ne!(a.now, b.now);
        assert_eq!(a.volunteers, b.volunteers);
        let ids = |w: &World| {
            (0..w.missions.len())
                .flat_map(|i| w.applications(i))
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
    }

    #[test]
    fn applications_hold_no_more_places_than_a_mission_has_and_each_volunteer_applies_once() {
        let w = world(Plan {
            organizations: 10,
            missions: 2000,
            volunteers: 300,
            participations: 30_000,
            seed: 4,
        });
        let total = w.participations();
        assert!(
            (20_000..40_000).contains(&total),
            "{total} applications for 30,000 asked"
        );
        for (i, m) in w.missions.iter().enumerate() {
            let apps = w.applications(i);
            assert_eq!(apps.len(), m.applications as usize);
            let holding = apps
                .iter()
                .filter(|a| matches!(a.state, "pending" | "accepted" | "completed"))
                .count();
            assert_eq!(holding as u32, m.holders);
            assert!(m.holders as i32 <= m.capacity);
            let distinct: std::collections::HashSet<_> = apps.iter().map(|a| a.volunteer).collect();
            assert_eq!(
                distinct.len(),
                apps.len(),
                "mission {i}: a volunteer applied twice"
            );
            assert!(apps
                .iter()
                .all(|a| a.created <= w.now && a.decided <= w.now));
        }
        // The network's missions carry an organisation's long list.
        let network: u32 = w
            .missions
            .iter()
            .filter(|m| m.organization == 0)
            .map(|m| m.applications)
            .sum();
        assert!(network > 100, "{network}");
    }
}
