//! Free text from people: trimmed, counted in characters, no NUL.

use crate::error::AppError;

/// `raw` trimmed, if it has `min` to `max` characters and no NUL; else a field error.
pub fn bounded(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String, AppError> {
    let value = raw.trim();
    let chars = value.chars().count();
    if chars < min || chars > max || value.contains('\0') {
        return Err(AppError::invalid(
            field,
            format!("must have {min} to {max} characters"),
        ));
    }
    Ok(value.to_owned())
}
