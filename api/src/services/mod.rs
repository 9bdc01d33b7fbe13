//! Use cases: each reads and writes what one request needs, in one short
//! transaction where it changes anything. Handlers call one of these.

pub mod access;
pub mod accounts;
pub mod admin;
pub mod api_keys;
pub mod applying;
pub mod attendance;
pub mod calendar;
pub mod conversations;
pub mod deliveries;
pub mod edits;
pub mod effects;
pub mod exports;
pub mod favourites;
pub mod history;
pub mod intake;
pub mod keys;
pub mod missions;
pub mod moderation;
pub mod networks;
pub mod org_identity;
pub mod organizations;
pub mod participations;
pub mod partner;
pub mod places;
pub mod quotas;
pub mod reminders;
pub mod reminding;
pub mod retention;
pub mod seed;
pub mod sessions;
pub mod shifts;
pub mod statistics;
pub mod waiting_list;
pub mod webhooks;
