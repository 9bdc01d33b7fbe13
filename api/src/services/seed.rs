//! Realistic demo data: approved organisations in every department,
//! published missions of every domain around real towns, active volunteers
//! who can sign in. For demos, the SPA team and benchmarks.

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::auth::password::HashPool;
use crate::domain::account::Profile;
use crate::domain::cities::PREFECTURES;
use crate::domain::mission::{
    Audience, Commitment, CommitmentKind, Format, MissionFields, Slot, Weekday,
};
use crate::domain::moderation::{MissionState, OrganizationState};
use crate::domain::organization::{MemberRole, OrganizationFields, OrganizationKind};
use crate::domain::place::Address;
use crate::domain::taxonomy::{MISSION_DOMAINS, SKILLS};
use crate::store::{accounts, missions, organizations, Db, StoreError};

/// The password of every seeded volunteer and organisation owner.
pub const SEED_PASSWORD: &str = "renfort seed password";

pub struct Plan {
    pub organizations: usize,
    pub missions: usize,
    pub volunteers: usize,
    pub seed: u64,
}

pub struct Seeded {
    /// Seeded addresses are `seed-{run}-v{n}@example.org` (volunteers) and
    /// `seed-{run}-o{n}@example.org` (organisation owners).
    pub run: String,
    pub organizations: usize,
    pub missions: usize,
    pub volunteers: usize,
}

const ROWS_PER_TRANSACTION: usize = 500;

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

fn jitter(rng: &mut StdRng, value: f64, spread: f64) -> f64 {
    value + rng.random_range(-spread..spread)
}

/// Writes the plan's data in batches; returns what was written.
/// The seeder writes each mission in steps (a draft, then published, then
/// its shifts), which leaves a dead version of nearly every row: twice the
/// table a live service would have, since autovacuum keeps a table's dead
/// rows to a fraction of it. On PostgreSQL the tables it filled are
/// compacted and analysed, as a restore would leave them, so that
/// measurements on seeded data read a table of a realistic size.
async fn compact(db: &Db) -> Result<(), StoreError> {
    if let crate::store::Pool::Postgres(pool) = db.pool() {
        // A large table takes longer than a request's statement timeout.
        let mut conn = pool.acquire().await?;
        sqlx::query("SET statement_timeout = 0")
            .execute(&mut *conn)
            .await?;
        for table in ["missions", "mission_addresses", "shifts"] {
            sqlx::query(&format!("VACUUM (FULL, ANALYZE) {table}"))
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query("RESET statement_timeout")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn seed(db: &Db, plan: &Plan) -> Result<Seeded, StoreError> {
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let run = Uuid::now_v7().simple().to_string()[24..].to_owned();
    // RNA numbers are unique among live organisations: each run takes its
    // own block of a million from the random part of `run`.
    let rna_block = u64::from_str_radix(&run, 16).unwrap_or(0) % 1000 * 1_000_000;
    let now = db.now();
    let password_hash = HashPool::new(1, 1)
        .hash(SEED_PASSWORD.to_owned())
        .await
        .expect("hashing the seed password");

    let mut org_places = Vec::with_capacity(plan.organizations);
    for chunk in (0..plan.organizations)
        .collect::<Vec<_>>()
        .chunks(ROWS_PER_TRANSACTION)
    {
        let mut tx = db.begin().await?;
        for &n in chunk {
            let (dep, city, postcode, lat, lon) = PREFECTURES[n % PREFECTURES.len()];
            let owner = Uuid::now_v7();
            let email = format!("seed-{run}-o{n}@example.org");
            accounts::insert(
                tx.h(),
                accounts::NewAccount {
                    id: owner,
                    email: &email,
                    email_normalized: &email,
                    is_admin: false,
                    profile: &profile(&mut rng, postcode, dep, now.date_naive()),
                    terms_version: Some("2026-01"),
                    now,
                },
            )
            .await?;
            accounts::activate(tx.h(), owner, &password_hash, now).await?;
            let id = Uuid::now_v7();
            let domain = MISSION_DOMAINS[rng.random_range(0..MISSION_DOMAINS.len())].slug;
            let fields = OrganizationFields {
                name: format!("Association n°{n} de {city}"),
                kind: if n % 7 == 0 { OrganizationKind::PublicBody } else { OrganizationKind::Association },
                rna: Some(format!("W{:09}", rna_block + n as u64)),
                siret: None,
                description: format!("Association de {city} engagée au quotidien auprès des habitants du département."),
                address: Address {
                    line: Some(format!("{} place de la Mairie", rng.random_range(1..60))),
                    postcode: postcode.to_owned(),
                    city: city.to_owned(),
                    department: dep.to_owned(),
                    latitude: lat,
                    longitude: lon,
                },
                website: None,
                contact_email: email.clone(),
                contact_phone: None,
                domains: vec![domain.to_owned()],
            };
            organizations::insert(tx.h(), id, &fields, now).await?;
            organizations::set_state(tx.h(), id, OrganizationState::Approved, now).await?;
            organizations::add_member(tx.h(), id, owner, MemberRole::Owner, now).await?;
            org_places.push((id, dep, city, postcode, lat, lon));
        }
        tx.commit().await?;
    }

    if !org_places.is_empty() {
        for chunk in (0..plan.missions)
            .collect::<Vec<_>>()
            .chunks(ROWS_PER_TRANSACTION)
        {
            let mut tx = db.begin().await?;
            for _ in chunk {
                let (org, dep, city, postcode, lat, lon) =
                    org_places[rng.random_range(0..org_places.len())];
                let (domain, activity) = ACTIVITIES[rng.random_range(0..ACTIVITIES.len())];
                let format = match rng.random_range(0..20) {
                    0..=13 => Format::OnSite,
                    14..=16 => Format::Hybrid,
                    _ => Format::Remote,
                };
                let addresses = if format == Format::Remote {
                    vec![]
                } else {
                    vec![Address {
                        line: None,
                        postcode: postcode.to_owned(),
                        city: city.to_owned(),
                        department: dep.to_owned(),
                        latitude: jitter(&mut rng, lat, 0.08),
                        longitude: jitter(&mut rng, lon, 0.08),
                    }]
                };
                let start = now.date_naive() + Duration::days(rng.random_range(-30..150));
                let capacity = rng.random_range(1..=40);
                let skills: Vec<String> = (0..rng.random_range(0..=3))
                    .map(|_| SKILLS[rng.random_range(0..SKILLS.len())].slug.to_owned())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let fields = MissionFields {
                    title: format!("{activity} à {city}"),
                    description: format!(
                        "{activity} avec une équipe de bénévoles à {city}. Aucune expérience n'est demandée : \
                         nous vous accueillons et vous formons. Mission n°{}.",
                        rng.random_range(1000..99999)
                    ),
                    domain: domain.to_owned(),
                    skills,
                    audience: vec![[Audience::Everyone, Audience::Seniors, Audience::Children, Audience::PeopleInPrecarity]
                        [rng.random_range(0..4)]],
                    format,
                    addresses,
                    start_date: Some(start),
                    end_date: Some(start + Duration::days(rng.random_range(1..180))),
                    slots: if rng.random_bool(0.3) {
                        vec![Slot {
                            weekday: Weekday::Wednesday,
                            start: chrono::NaiveTime::from_hms_opt(14, 0, 0).expect("valid time"),
                            end: chrono::NaiveTime::from_hms_opt(17, 0, 0).expect("valid time"),
                        }]
                    } else {
                        vec![]
                    },
                    commitment: Commitment {
                        kind: CommitmentKind::PerWeek,
                        hours: f64::from(rng.random_range(1..8)),
                    },
                    capacity,
                    minimum_age: if rng.random_bool(0.8) { 16 } else { 18 },
                    motivation_required: rng.random_bool(0.2),
                    registration_open: rng.random_bool(0.95),
                    access: crate::domain::eligibility::Access {
                        reduced_mobility: rng.random_bool(0.3),
                        public_transport: rng.random_bool(0.5),
                        parental_consent: rng.random_bool(0.5),
                        prerequisites: None,
                    },
                };
                let id = Uuid::now_v7();
                missions::insert(tx.h(), id, org, &fields, dep, now).await?;
                missions::replace_addresses(tx.h(), id, &fields.addresses).await?;
                // One mission in ten is offered on four weekly shifts of
                // their own places, for journeys that choose one.
                let first = start.max(now.date_naive() + Duration::days(1));
                if rng.random_bool(0.1) {
                    let shifts = crate::domain::shift::NewShifts {
                        days: (0..4).map(|w| first + Duration::weeks(w)).collect(),
                        start: chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
                        end: chrono::NaiveTime::from_hms_opt(12, 0, 0).expect("valid time"),
                        capacity: rng.random_range(2..=10),
                    };
                    crate::store::shifts::insert(tx.h(), id, &shifts, now).await?;
                    crate::store::shifts::sync_mission(tx.h(), id, now).await?;
                }
                missions::set_state(tx.h(), id, MissionState::Published, now).await?;
            }
            tx.commit().await?;
        }
    }

    compact(db).await?;

    for chunk in (0..plan.volunteers)
        .collect::<Vec<_>>()
        .chunks(ROWS_PER_TRANSACTION)
    {
        let mut tx = db.begin().await?;
        for &n in chunk {
            let (dep, _, postcode, _, _) = PREFECTURES[rng.random_range(0..PREFECTURES.len())];
            let id = Uuid::now_v7();
            let email = format!("seed-{run}-v{n}@example.org");
            accounts::insert(
                tx.h(),
                accounts::NewAccount {
                    id,
                    email: &email,
                    email_normalized: &email,
                    is_admin: false,
                    profile: &profile(&mut rng, postcode, dep, now.date_naive()),
                    terms_version: Some("2026-01"),
                    now,
                },
            )
            .await?;
            accounts::activate(tx.h(), id, &password_hash, now).await?;
        }
        tx.commit().await?;
    }
    Ok(Seeded {
        run,
        organizations: plan.organizations,
        missions: if plan.organizations > 0 {
            plan.missions
        } else {
            0
        },
        volunteers: plan.volunteers,
    })
}

/// A volunteer of 18 to 75 on `today`.
fn profile(rng: &mut StdRng, postcode: &str, department: &str, today: NaiveDate) -> Profile {
    const FIRST: &[&str] = &[
        "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Karim", "Aïcha", "Louis",
    ];
    const LAST: &[&str] = &[
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Diallo", "Nguyen", "Moreau",
        "Laurent",
    ];
    Profile {
        first_name: FIRST[rng.random_range(0..FIRST.len())].to_owned(),
        last_name: LAST[rng.random_range(0..LAST.len())].to_owned(),
        birth_date: Some(today - Duration::days(rng.random_range(18 * 365 + 5..76 * 365))),
        postcode: Some(postcode.to_owned()),
        department: Some(department.to_owned()),
        phone: None,
        skills: vec![],
        domains: vec![],
        presentation: None,
        visible_to_organizations: true,
    }
}
