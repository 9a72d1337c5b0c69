//! `GET /agenda-items/{id}/comments.csv` and `…/comments.json`: an agenda item's public comment
//! packet (see [`services::comment_packet`]) for the clerk's official record. Public, like the
//! comments themselves.
//!
//! The CSV starts with a UTF-8 byte-order mark so spreadsheets read accents right, and any cell
//! that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return) is
//! prefixed with `'`, so a comment cannot become a formula in the clerk's spreadsheet. The JSON
//! carries the text unchanged.
//!
//! [`services::comment_packet`]: crate::services::comment_packet

use poem::http::StatusCode;
use poem::web::{Data, Json, Path};
use poem::{IntoResponse, Response, handler};
use serde_json::json;

use crate::error::AppError;
use crate::services::comment_packet::{self, Packet, PacketRow};
use crate::state::AppState;

/// `GET /agenda-items/{id}/comments.csv`.
#[handler]
pub async fn csv(Path(id): Path<String>, state: Data<&AppState>) -> Response {
    match comment_packet::packet(&state.db.read, &id).await {
        Ok(packet) => match to_csv(&packet.rows) {
            Ok(body) => body
                .with_content_type("text/csv; charset=utf-8")
                .with_header(
                    "Content-Disposition",
                    format!("attachment; filename=\"{}\"", file_name(&packet, "csv")),
                )
                .into_response(),
            Err(error) => failure(&AppError::Unexpected(error)),
        },
        Err(error) => failure(&error),
    }
}

/// `GET /agenda-items/{id}/comments.json`.
#[handler]
pub async fn json(Path(id): Path<String>, state: Data<&AppState>) -> Response {
    match comment_packet::packet(&state.db.read, &id).await {
        Ok(packet) => Json(json!({
            "agendaItem": { "id": id, "itemNumber": packet.item.item_number, "title": packet.item.title },
            "rows": packet.rows,
        }))
        .with_header(
            "Content-Disposition",
            format!("inline; filename=\"{}\"", file_name(&packet, "json")),
        )
        .into_response(),
        Err(error) => failure(&error),
    }
}

fn file_name(packet: &Packet, extension: &str) -> String {
    format!("agenda-item-{}-comments.{extension}", packet.item.id)
}

/// The rows as CSV with a header line, behind a byte-order mark.
fn to_csv(rows: &[PacketRow]) -> anyhow::Result<Vec<u8>> {
    let mut writer = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record([
        "kind",
        "id",
        "on",
        "posted_at",
        "author",
        "organization",
        "position",
        "severity",
        "reply_to",
        "text",
        "endorsements",
        "co_signed_by",
        "status",
        "official_response",
    ])?;
    for row in rows {
        let text = |value: &Option<String>| value.as_deref().map(inert).unwrap_or_default();
        writer.write_record([
            row.kind.to_owned(),
            row.id.clone(),
            row.on.clone(),
            row.posted_at.to_rfc3339(),
            inert(&row.author),
            text(&row.organization),
            text(&row.position),
            text(&row.severity),
            text(&row.reply_to),
            inert(&row.text),
            row.endorsements.map(|n| n.to_string()).unwrap_or_default(),
            text(&row.co_signed_by),
            text(&row.status),
            text(&row.official_response),
        ])?;
    }
    Ok(writer.into_inner()?)
}

/// A cell a spreadsheet will show as text, never run as a formula.
fn inert(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// The one error shape of these plain endpoints: `{"error": {"code", "message", "field"}}`.
/// A JSON error body with the status it deserves; failures of the service itself are logged
/// and shown only as "unavailable". Shared by the other plain-JSON routes.
pub(crate) fn failure(error: &AppError) -> Response {
    let (status, field) = match error {
        AppError::Validation { field, .. } => (StatusCode::BAD_REQUEST, Some(*field)),
        AppError::NotFound(_) => (StatusCode::NOT_FOUND, None),
        other => {
            tracing::error!(error = ?other, "a JSON route failed");
            (StatusCode::SERVICE_UNAVAILABLE, None)
        }
    };
    let code = if status == StatusCode::SERVICE_UNAVAILABLE {
        "UNAVAILABLE"
    } else {
        error.code()
    };
    let message = if status == StatusCode::SERVICE_UNAVAILABLE {
        "The service is unavailable; please try again shortly.".to_owned()
    } else {
        error.to_string()
    };
    Json(json!({ "error": { "code": code, "message": message, "field": field } }))
        .with_status(status)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_become_text() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("-2+3"), "'-2+3");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("We oppose"), "We oppose");
    }
}
