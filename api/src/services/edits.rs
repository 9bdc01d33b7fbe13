//! What an edit of a moderated object (a mission, an organisation) means
//! for its review: which changed fields are material, whether the edit is
//! allowed while under review. The history row every edit leaves is
//! written by `effects::record` (`How::Edited`).

use serde_json::json;

use crate::error::ServiceError;
use crate::problem_code::ProblemCode;

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
}
