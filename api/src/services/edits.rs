//! What an edit of a moderated object (a mission, an organisation) means
//! for its review: which changed fields are material, whether the edit is
//! allowed while under review, and the history row every edit leaves.

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::store::history::{self, Change, Subject};
use crate::store::Tx;

/// The changed fields of an edit, and those of them a referent approved.
pub struct Edit {
    pub changed: Vec<&'static str>,
    pub material: Vec<&'static str>,
}

impl Edit {
    pub fn new(changed: Vec<&'static str>, material_fields: &[&str]) -> Self {
        let material = changed
            .iter()
            .copied()
            .filter(|f| material_fields.contains(f))
            .collect();
        Edit { changed, material }
    }

    /// Under review, the substance is frozen: the referent reviews what was
    /// submitted, not a moving target. `what` names the object.
    pub fn allowed_under_review(&self, under_review: bool, what: &str) -> Result<(), ServiceError> {
        if under_review && !self.material.is_empty() {
            return Err(ServiceError::Conflict {
                code: ProblemCode::UnderReview,
                detail: format!(
                    "{} cannot change while the {what} is under review",
                    self.material.join(", ")
                ),
                extensions: vec![("fields", json!(self.material))],
            });
        }
        Ok(())
    }

    /// The history row of the edit (`edited: title, capacity`), with the
    /// state before and after it; nothing when nothing changed.
    #[allow(clippy::too_many_arguments)]
    pub async fn record(
        &self,
        tx: &mut Tx,
        subject: Subject,
        actor: Option<Uuid>,
        actor_role: &str,
        from: &str,
        to: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        if self.changed.is_empty() {
            return Ok(());
        }
        let reason = format!("edited: {}", self.changed.join(", "));
        history::record(
            tx.h(),
            Change {
                subject,
                actor,
                actor_role,
                from: Some(from),
                to,
                reason: Some(&reason),
                at,
            },
        )
        .await?;
        Ok(())
    }
}
