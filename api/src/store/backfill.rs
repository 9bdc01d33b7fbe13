//! Filling a new column of a big table while the service runs.
//!
//! One `UPDATE` of three million participations would hold every row's
//! lock until it commits, and each application, decision and withdrawal
//! touching one of them would queue behind it. A backfill walks the table
//! by primary key instead, a thousand rows a transaction, so that a row
//! is locked for a tenth of a second at most. It runs after the schema
//! migrations (`Db::migrate`, hence `renfort migrate`), records itself in
//! `data_backfills` once done, and counts as a pending migration until
//! then: the new release's pods, which read the column, wait for it.
//! Rows written meanwhile by the previous release are the migration's
//! trigger's to fill; rows already filled are left as they are. A backfill
//! never touches `updated_at`, which the partner feeds page by.

use uuid::Uuid;

use super::{Db, StoreError};

/// One batched fill.
pub struct Backfill {
    /// Its record in `data_backfills`.
    pub name: &'static str,
    /// The table walked, by its `id`.
    table: &'static str,
    /// Fills the rows of one batch: `$1 < id <= $2`, both dialects.
    fill: &'static str,
}

/// Every backfill the schema needs, in the order they run.
pub const BACKFILLS: &[Backfill] = &[Backfill {
    name: "participations.organization_id",
    table: "participations",
    fill: "UPDATE participations
              SET organization_id = (SELECT m.organization_id FROM missions m WHERE m.id = participations.mission_id)
            WHERE id > $1 AND id <= $2 AND organization_id IS NULL",
}];

/// Rows per transaction, each batch holding its rows' locks until it
/// commits. Measured on the national database (3.1 million
/// participations, docs/SCALING.md): batches of 5,000 took 0.46 s each,
/// 285 s in all; 4,000 rows with the table in memory, 0.23 s. A thousand
/// keep a volunteer's or an organisation's write waiting a tenth of a
/// second at most.
const BATCH: i64 = 1_000;

impl Db {
    /// The backfills not finished yet (all of them before their table).
    pub async fn pending_backfills(&self) -> Result<Vec<&'static Backfill>, StoreError> {
        let mut conn = self.acquire().await?;
        let done: Result<Vec<String>, sqlx::Error> = crate::on_conn!(&mut conn, c =>
            sqlx::query_scalar("SELECT name FROM data_backfills").fetch_all(c).await);
        let done = match done {
            Ok(names) => names,
            // No table yet: its migration is pending too.
            Err(sqlx::Error::Database(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        Ok(BACKFILLS
            .iter()
            .filter(|b| !done.iter().any(|d| d == b.name))
            .collect())
    }

    /// Runs the pending backfills to the end, batch by batch.
    pub async fn backfill(&self) -> Result<(), StoreError> {
        for backfill in self.pending_backfills().await? {
            let started = std::time::Instant::now();
            let rows = self.run_backfill(backfill).await?;
            tracing::info!(
                backfill = backfill.name,
                rows,
                seconds = started.elapsed().as_secs_f64(),
                "backfill done"
            );
        }
        Ok(())
    }

    async fn run_backfill(&self, backfill: &Backfill) -> Result<u64, StoreError> {
        let bound = format!(
            "SELECT id FROM {} WHERE id > $1 ORDER BY id LIMIT 1 OFFSET {}",
            backfill.table,
            BATCH - 1
        );
        let last = format!("SELECT id FROM {} ORDER BY id DESC LIMIT 1", backfill.table);
        let mut after = Uuid::nil();
        let mut filled = 0;
        loop {
            let mut conn = self.acquire().await?;
            let upper: Option<Uuid> = crate::on_conn!(&mut conn, c =>
                sqlx::query_scalar(&bound).bind(after).fetch_optional(c).await)?;
            // The last, shorter batch ends at the table's last row as it
            // is now; rows inserted later were written with the column.
            let (upper, end) = match upper {
                Some(id) => (id, false),
                None => {
                    let last: Option<Uuid> = crate::on_conn!(&mut conn, c => sqlx::query_scalar(&last).fetch_optional(c).await)?;
                    (last.unwrap_or(after), true)
                }
            };
            if upper > after {
                filled += crate::on_conn!(&mut conn, c => sqlx::query(backfill.fill)
                    .bind(after)
                    .bind(upper)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected()))?;
            }
            if end {
                crate::on_conn!(&mut conn, c => sqlx::query(
                    "INSERT INTO data_backfills (name, done_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                )
                .bind(backfill.name)
                .bind(self.now())
                .execute(c)
                .await
                .map(|_| ()))?;
                return Ok(filled);
            }
            after = upper;
        }
    }
}
