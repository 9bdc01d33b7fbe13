//! Realistic data at any scale: volunteers, approved organisations in
//! every department, missions of every domain around real towns (a tenth
//! on weekly shifts), participations in every state with their history,
//! conversations, and the outbox's recent sent emails. For demos, the SPA
//! team, benchmarks, and the national shape of `--national` (a million
//! volunteers, 3 million participations).
//!
//! Everything derives from the seed value: the same value writes the same
//! rows, and a second run skips the stages already written (each stage is
//! one transaction). Rows are generated here and written by `load`, by
//! COPY on PostgreSQL.

mod load;
mod shape;

use std::time::Instant;

use crate::store::{Db, StoreError};

pub use shape::SEED_PASSWORD;

/// How much to write.
#[derive(Debug, Clone)]
pub struct Plan {
    pub organizations: usize,
    pub missions: usize,
    pub volunteers: usize,
    /// Applications spread over the published and completed missions
    /// (about that many: each mission draws its own count).
    pub participations: usize,
    pub seed: u64,
}

impl Plan {
    /// A country's worth: what JeVeuxAider holds, and API Engagement's
    /// missions.
    pub fn national(seed: u64) -> Self {
        Plan {
            organizations: 20_000,
            missions: 100_000,
            volunteers: 1_000_000,
            participations: 3_000_000,
            seed,
        }
    }
}

pub struct Seeded {
    /// Seeded addresses are `seed-{run}-v{n}@example.org` (volunteers) and
    /// `seed-{run}-o{n}@example.org` (organisation owners); `run` is the
    /// seed value in hexadecimal.
    pub run: String,
    pub organizations: usize,
    pub missions: usize,
    pub volunteers: usize,
    pub participations: u64,
    /// Rows written by this run, every table counted (0 when every stage
    /// was already there).
    pub rows: u64,
    /// Stages found written by an earlier run with this seed value.
    pub skipped: Vec<&'static str>,
    pub seconds: f64,
}

pub async fn seed(db: &Db, plan: &Plan) -> Result<Seeded, StoreError> {
    let started = Instant::now();
    let world = shape::World::new(plan, db.now()).await;
    let mut rows = 0;
    let mut skipped = Vec::new();
    for stage in shape::STAGES {
        // Nothing to write in this stage (e.g. no missions).
        let Some((table, column, mark)) = world.mark(*stage) else {
            continue;
        };
        let mut tx = load::Stage::begin(db).await?;
        if tx.holds(table, column, mark).await? {
            eprintln!(
                "{:>22}: written by an earlier run with this seed, skipped",
                stage.name()
            );
            skipped.push(stage.name());
            continue;
        }
        rows += world.write(*stage, &mut tx).await?;
        tx.commit().await?;
    }
    if rows > 0 {
        settle(db).await?;
    }
    Ok(Seeded {
        run: world.run.clone(),
        organizations: plan.organizations,
        missions: world.missions(),
        volunteers: plan.volunteers,
        participations: world.participations(),
        rows,
        skipped,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// A database loaded in bulk is not what a live one looks like, and the
/// benchmarks measured on it would pay for the difference:
/// - its statistics are those of its empty tables, so the planner would
///   pick sequential scans until autovacuum came by;
/// - its rows carry no hint bits and its pages are in no visibility map,
///   so the first reads write every page they touch, index-only scans
///   visit the heap, and autovacuum's insert threshold then sends workers
///   through every table, gigabytes of reads and writes on a 2-core
///   machine while the crowd is measured.
///
/// On PostgreSQL the seeded tables are therefore vacuumed, frozen and
/// analysed, as a restore is followed by `vacuumdb --analyze` and as
/// years of autovacuum leave old rows. (COPY writes each row once: no
/// dead versions to compact, so no `VACUUM FULL`.)
async fn settle(db: &Db) -> Result<(), StoreError> {
    if let crate::store::Pool::Postgres(pool) = db.pool() {
        eprintln!(
            "{:>22}: VACUUM (FREEZE, ANALYZE) of the seeded tables (hint bits, visibility map, the planner's statistics)",
            "vacuum"
        );
        let started = Instant::now();
        let mut conn = pool.acquire().await?.detach();
        sqlx::query("SET statement_timeout = 0")
            .execute(&mut conn)
            .await?;
        for table in shape::TABLES {
            let table_started = Instant::now();
            sqlx::query(&format!("VACUUM (FREEZE, ANALYZE) {table}"))
                .execute(&mut conn)
                .await?;
            eprintln!(
                "{:>22}: {table} in {:.1} s",
                "vacuum",
                table_started.elapsed().as_secs_f64()
            );
        }
        eprintln!(
            "{:>22}: done in {:.1} s",
            "vacuum",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
