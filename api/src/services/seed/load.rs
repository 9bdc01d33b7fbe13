//! Writing generated rows fast, with progress: PostgreSQL takes them by
//! `COPY ... FROM STDIN` (text format), SQLite by multi-row `INSERT`s.
//! Each stage of the seed is one transaction: an interrupted seed leaves
//! whole stages, which a second run with the same seed value skips.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sqlx::postgres::PgCopyIn;
use sqlx::{PgConnection, SqliteConnection};
use uuid::Uuid;

use crate::store::StoreError;

/// One column's value, typed so that each backend encodes it its own way
/// (a UUID is text in a COPY, a blob in SQLite; JSON is jsonb or text).
pub enum Field {
    Null,
    Uuid(Uuid),
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Time(DateTime<Utc>),
    Date(NaiveDate),
    Clock(NaiveTime),
    Json(serde_json::Value),
}

impl From<Uuid> for Field {
    fn from(v: Uuid) -> Self {
        Field::Uuid(v)
    }
}
impl From<String> for Field {
    fn from(v: String) -> Self {
        Field::Text(v)
    }
}
impl From<&str> for Field {
    fn from(v: &str) -> Self {
        Field::Text(v.to_owned())
    }
}
impl From<i64> for Field {
    fn from(v: i64) -> Self {
        Field::Int(v)
    }
}
impl From<i32> for Field {
    fn from(v: i32) -> Self {
        Field::Int(v.into())
    }
}
impl From<f64> for Field {
    fn from(v: f64) -> Self {
        Field::Float(v)
    }
}
impl From<bool> for Field {
    fn from(v: bool) -> Self {
        Field::Bool(v)
    }
}
impl From<DateTime<Utc>> for Field {
    fn from(v: DateTime<Utc>) -> Self {
        Field::Time(v)
    }
}
impl From<NaiveDate> for Field {
    fn from(v: NaiveDate) -> Self {
        Field::Date(v)
    }
}
impl From<NaiveTime> for Field {
    fn from(v: NaiveTime) -> Self {
        Field::Clock(v)
    }
}
impl From<serde_json::Value> for Field {
    fn from(v: serde_json::Value) -> Self {
        Field::Json(v)
    }
}
impl<T: Into<Field>> From<Option<T>> for Field {
    fn from(v: Option<T>) -> Self {
        v.map_or(Field::Null, Into::into)
    }
}

/// A row: its fields in the order of the table's columns.
pub type Row = Vec<Field>;

/// Appends `field` in COPY's text format: `\N` for NULL, and the
/// backslash, tab, newline and carriage return escaped.
fn copy_text(out: &mut Vec<u8>, field: &Field) {
    use std::io::Write;
    let escaped = |out: &mut Vec<u8>, text: &str| {
        for byte in text.bytes() {
            match byte {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b => out.push(b),
            }
        }
    };
    // Writing to a Vec cannot fail.
    let _ = match field {
        Field::Null => out.write_all(b"\\N"),
        Field::Uuid(v) => write!(out, "{}", v.hyphenated()),
        Field::Text(v) => {
            escaped(out, v);
            Ok(())
        }
        Field::Int(v) => write!(out, "{v}"),
        Field::Float(v) => write!(out, "{v}"),
        Field::Bool(v) => out.write_all(if *v { b"t" } else { b"f" }),
        Field::Time(v) => write!(out, "{}", v.to_rfc3339()),
        Field::Date(v) => write!(out, "{v}"),
        Field::Clock(v) => write!(out, "{v}"),
        Field::Json(v) => {
            escaped(out, &v.to_string());
            Ok(())
        }
    };
}

/// One stage's transaction, on either backend.
pub enum Stage {
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
}

impl Stage {
    pub async fn begin(db: &crate::store::Db) -> Result<Self, StoreError> {
        Ok(match db.pool() {
            crate::store::Pool::Postgres(p) => {
                let mut tx = p.begin().await?;
                // A table of millions of rows takes longer than a
                // request's statement timeout.
                sqlx::query("SET LOCAL statement_timeout = 0")
                    .execute(&mut *tx)
                    .await?;
                Stage::Postgres(tx)
            }
            // The write lock up front, as the store's transactions take
            // it: a read then a write would fail if the service wrote
            // in between.
            crate::store::Pool::Sqlite(p) => Stage::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
        })
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Stage::Postgres(tx) => tx.commit().await?,
            Stage::Sqlite(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// Whether `table` holds a row whose `column` is `id`: the mark a
    /// stage left when it was written by an earlier run.
    pub async fn holds(&mut self, table: &str, column: &str, id: Uuid) -> Result<bool, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
        let n: i64 = match self {
            Stage::Postgres(tx) => {
                sqlx::query_scalar(&sql)
                    .bind(id)
                    .fetch_one(&mut **tx)
                    .await?
            }
            Stage::Sqlite(tx) => {
                sqlx::query_scalar(&sql)
                    .bind(id)
                    .fetch_one(&mut **tx)
                    .await?
            }
        };
        Ok(n > 0)
    }

    /// Starts writing `columns` of `table`, about `expected` rows.
    pub async fn table<'s>(
        &'s mut self,
        table: &'static str,
        columns: &'static [&'static str],
        expected: u64,
    ) -> Result<TableWriter<'s>, StoreError> {
        let sink = match self {
            Stage::Postgres(tx) => {
                let conn: &mut PgConnection = tx;
                let copy = conn
                    .copy_in_raw(&format!("COPY {table} ({}) FROM STDIN", columns.join(", ")))
                    .await?;
                Sink::Copy(copy, Vec::with_capacity(COPY_CHUNK + 4096))
            }
            Stage::Sqlite(tx) => Sink::Insert(tx, Vec::new()),
        };
        Ok(TableWriter {
            table,
            columns,
            sink,
            progress: Progress::new(table, expected),
            written: 0,
        })
    }
}

/// Bytes gathered before they are sent to a COPY.
const COPY_CHUNK: usize = 1 << 20;
/// SQLite's limit on a statement's parameters is 32,766.
const SQLITE_PARAMETERS: usize = 30_000;

enum Sink<'s> {
    Copy(PgCopyIn<&'s mut PgConnection>, Vec<u8>),
    Insert(&'s mut SqliteConnection, Vec<Row>),
}

pub struct TableWriter<'s> {
    table: &'static str,
    columns: &'static [&'static str],
    sink: Sink<'s>,
    progress: Progress,
    written: u64,
}

impl TableWriter<'_> {
    pub async fn push(&mut self, row: Row) -> Result<(), StoreError> {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        match &mut self.sink {
            Sink::Copy(copy, buffer) => {
                for (i, field) in row.iter().enumerate() {
                    if i > 0 {
                        buffer.push(b'\t');
                    }
                    copy_text(buffer, field);
                }
                buffer.push(b'\n');
                if buffer.len() >= COPY_CHUNK {
                    copy.send(std::mem::take(buffer)).await?;
                    buffer.reserve(COPY_CHUNK + 4096);
                }
            }
            Sink::Insert(conn, rows) => {
                rows.push(row);
                if rows.len() * self.columns.len() >= SQLITE_PARAMETERS {
                    insert(conn, self.table, self.columns, std::mem::take(rows)).await?;
                }
            }
        }
        self.written += 1;
        self.progress.advance(self.written);
        Ok(())
    }

    /// Sends what is left; returns the number of rows written.
    pub async fn finish(self) -> Result<u64, StoreError> {
        match self.sink {
            Sink::Copy(mut copy, buffer) => {
                if !buffer.is_empty() {
                    copy.send(buffer).await?;
                }
                copy.finish().await?;
            }
            Sink::Insert(conn, rows) => {
                if !rows.is_empty() {
                    insert(conn, self.table, self.columns, rows).await?;
                }
            }
        }
        self.progress.done(self.written);
        Ok(self.written)
    }
}

async fn insert(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Row>,
) -> Result<(), StoreError> {
    let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
        "INSERT INTO {table} ({}) ",
        columns.join(", ")
    ));
    q.push_values(rows, |mut b, row| {
        for field in row {
            match field {
                Field::Null => b.push("NULL"),
                Field::Uuid(v) => b.push_bind(v),
                Field::Text(v) => b.push_bind(v),
                Field::Int(v) => b.push_bind(v),
                Field::Float(v) => b.push_bind(v),
                Field::Bool(v) => b.push_bind(v),
                Field::Time(v) => b.push_bind(v),
                Field::Date(v) => b.push_bind(v),
                Field::Clock(v) => b.push_bind(v),
                Field::Json(v) => b.push_bind(sqlx::types::Json(v)),
            };
        }
    });
    q.build().execute(conn).await?;
    Ok(())
}

/// A table's progress: a bar on a terminal, a line every few seconds
/// otherwise (a benchmark's log), and a total at the end.
struct Progress {
    table: &'static str,
    bar: Option<ProgressBar>,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    fn new(table: &'static str, expected: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(expected), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix:>22} [{bar:32}] {human_pos}/{human_len} {per_sec} eta {eta}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar.set_prefix(table);
            bar
        });
        Progress {
            table,
            bar,
            started: Instant::now(),
            last_line: Instant::now(),
        }
    }

    fn advance(&mut self, written: u64) {
        if let Some(bar) = &self.bar {
            if written.is_multiple_of(1024) {
                bar.set_position(written);
            }
        } else if self.last_line.elapsed() >= Duration::from_secs(5) {
            self.last_line = Instant::now();
            eprintln!("{:>22}: {written} rows so far", self.table);
        }
    }

    fn done(&self, written: u64) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let secs = self.started.elapsed().as_secs_f64();
        eprintln!(
            "{:>22}: {written} rows in {secs:.1} s ({:.0} rows/s)",
            self.table,
            written as f64 / secs.max(1e-3)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_would_end_a_field_or_a_row() {
        let mut out = Vec::new();
        copy_text(&mut out, &Field::Text("a\tb\nc\\d\re".into()));
        assert_eq!(out, b"a\\tb\\nc\\\\d\\re");
        out.clear();
        copy_text(
            &mut out,
            &Field::Json(serde_json::json!({"k": "line\nnext"})),
        );
        assert_eq!(out, br#"{"k":"line\\nnext"}"#);
        out.clear();
        copy_text(&mut out, &Field::Null);
        assert_eq!(out, b"\\N");
    }
}
