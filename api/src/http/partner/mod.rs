//! `/v1/partner`: what associations' tools, CRMs and mission hubs do with
//! an API key (`X-Api-Key`): write missions by their own id, follow the
//! change feeds, answer applications, and manage signed webhooks.
//!
//! One module per resource: `missions`, `feeds`, `participations`,
//! `webhooks`.

mod feeds;
mod missions;
mod participations;
mod webhooks;

pub use feeds::*;
pub use missions::*;
pub use participations::*;
pub use webhooks::*;
