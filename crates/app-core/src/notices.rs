//! The native notification for a [`ChangeNotice`]: which ticket, and what happened in a few
//! words. It is built only from the change feed, which carries public events alone (staff
//! replies and status changes, never internal notes), and it never quotes a comment's text:
//! the subscriber opens the ticket to read it.

use portal_api::EventKind;

use crate::ui_types::ChangeNotice;

/// Longest ticket title shown in a notification's title line.
const MAX_TITLE_CHARS: usize = 60;
/// Longest body; the server's summaries are far shorter.
const MAX_BODY_CHARS: usize = 160;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub title: String,
    pub body: String,
}

/// "Ticket #12: Slow in the evening" / "New reply from Olive" or "Status: In progress".
pub fn notification(notice: &ChangeNotice) -> Notification {
    let title = format!("Ticket #{}: {}", notice.ticket_number, shorten(&notice.ticket_title, MAX_TITLE_CHARS));
    let body = match notice.kind {
        EventKind::StatusChanged => format!("Status: {}", notice.status.label()),
        EventKind::Commented if notice.summary.trim().is_empty() => "You have a new reply.".to_string(),
        _ => shorten(&notice.summary, MAX_BODY_CHARS),
    };
    Notification { title, body }
}

fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::WorkOrderStatus;

    fn notice(kind: EventKind, summary: &str, title: &str) -> ChangeNotice {
        ChangeNotice {
            ticket_id: "t1".into(),
            ticket_number: 12,
            ticket_title: title.into(),
            kind,
            summary: summary.into(),
            status: WorkOrderStatus::InProgress,
            at: chrono::Utc::now(),
        }
    }

    #[test]
    fn a_reply_names_the_ticket_and_who_replied() {
        let shown = notification(&notice(EventKind::Commented, "New reply from Olive Owner", "Slow in the evening"));
        assert_eq!(shown.title, "Ticket #12: Slow in the evening");
        assert_eq!(shown.body, "New reply from Olive Owner");
    }

    #[test]
    fn a_status_change_says_the_new_status_in_plain_words() {
        let shown = notification(&notice(EventKind::StatusChanged, "Status changed to in_progress", "Dish"));
        assert_eq!(shown.body, "Status: In progress");
    }

    #[test]
    fn long_titles_are_shortened() {
        let shown = notification(&notice(EventKind::Commented, "", &"a".repeat(200)));
        assert_eq!(shown.title.chars().count(), "Ticket #12: ".len() + MAX_TITLE_CHARS);
        assert!(shown.title.ends_with('…'));
        assert_eq!(shown.body, "You have a new reply.");
    }
}
