//! Integration tests through HTTP against the real server on port 0, with a
//! fresh database per test: SQLite by default, PostgreSQL (and Redis) when
//! `RENFORT_TEST_DATABASE_URL` (and `RENFORT_TEST_REDIS_URL`) are set.

mod accounts;
mod admin;
mod algolia;
mod api_engagement;
mod attendance;
mod audit;
mod calendar;
mod common;
mod conversations;
mod dates;
mod edge;
mod eligibility;
mod email;
mod errors;
mod favourites;
mod hardening;
mod health;
mod inactivity;
mod intake;
mod logs;
mod migrations;
mod missions;
mod monitoring;
mod networks;
mod notifications;
mod openapi;
mod org_identity;
mod organizations;
mod outbox;
mod overload;
mod participations;
mod partners;
mod platform;
mod privacy;
mod reference;
mod reminders;
mod retention;
mod revalidation;
mod search;
mod security;
mod sessions;
mod shifts;
mod statistics;
mod waiting_list;
