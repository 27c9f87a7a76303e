//! Tickets and comments the subscriber sends, kept on disk until the server has them.
//!
//! Every item is written to the outbox (atomically) *before* it is sent, with a client-made
//! idempotency key, and removed only after the server's answer. So an item survives a server
//! outage, a lost network or a crash, and is created exactly once: a resend after a lost answer
//! carries the same key, and the server answers with what the first request created.

use chrono::{DateTime, Utc};
use portal_api::{CreateComment, CreatePortalTicket, IdempotencyKey, TicketId};
use portal_client::{ClientError, PortalClient};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::error::{AppError, AppResult};
use crate::storage::JsonFile;
use crate::ui_types::{PendingItem, PendingKind, SendOutcome};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Payload {
    Ticket { ticket: CreatePortalTicket },
    Comment { ticket_id: String, comment: CreateComment },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    id: String,
    key: IdempotencyKey,
    payload: Payload,
    created_at: DateTime<Utc>,
    attempts: u32,
    last_error: Option<String>,
}

pub struct Outbox {
    api: PortalClient,
    file: JsonFile,
    company: String,
    /// One sender at a time, so no item is ever in flight twice from this app.
    sending: Mutex<()>,
}

impl Outbox {
    /// `file` should be per signed-in account.
    pub fn new(api: PortalClient, file: std::path::PathBuf, company: impl Into<String>) -> Outbox {
        Outbox {
            api,
            file: JsonFile::new(file, "your unsent messages"),
            company: company.into(),
            sending: Mutex::new(()),
        }
    }

    pub async fn create_ticket(&self, ticket: CreatePortalTicket) -> AppResult<SendOutcome> {
        self.submit(Payload::Ticket { ticket }).await
    }

    pub async fn add_comment(&self, ticket_id: &str, body: &str) -> AppResult<SendOutcome> {
        self.submit(Payload::Comment {
            ticket_id: ticket_id.to_string(),
            comment: CreateComment { body: body.to_string() },
        })
        .await
    }

    /// What is waiting to be sent, oldest first.
    pub fn pending(&self) -> AppResult<Vec<PendingItem>> {
        Ok(self.items()?.iter().map(Item::describe).collect())
    }

    /// Sends everything waiting, oldest first; stops at the first failure that says the server
    /// cannot be reached (the rest would fail the same way). Returns what was sent.
    pub async fn flush(&self) -> AppResult<Vec<SendOutcome>> {
        let _one_sender = self.sending.lock().await;
        let mut sent = Vec::new();
        for item in self.items()? {
            match self.send(&item).await {
                Ok(outcome) => {
                    self.remove(&item.id)?;
                    sent.push(outcome);
                }
                Err(err) => {
                    let transient = err.is_transient();
                    self.note_failure(&item.id, &err)?;
                    if transient {
                        break;
                    }
                }
            }
        }
        Ok(sent)
    }

    async fn submit(&self, payload: Payload) -> AppResult<SendOutcome> {
        let _one_sender = self.sending.lock().await;
        let item = Item {
            id: uuid::Uuid::new_v4().to_string(),
            key: IdempotencyKey::generate(),
            payload,
            created_at: Utc::now(),
            attempts: 0,
            last_error: None,
        };
        let mut items = self.items()?;
        items.push(item.clone());
        self.file.write(&items)?;
        match self.send(&item).await {
            Ok(outcome) => {
                self.remove(&item.id)?;
                Ok(outcome)
            }
            Err(err) if err.is_transient() => {
                self.note_failure(&item.id, &err)?;
                Ok(SendOutcome::Queued {
                    pending_id: item.id,
                    message: format!(
                        "We couldn't reach {}. Your message is saved and will be sent when you're back online.",
                        self.company
                    ),
                })
            }
            // Refused as it is (a validation error, a closed ticket): sending it again cannot
            // help, so it leaves the outbox; the UI still holds the text to correct.
            Err(err) => {
                self.remove(&item.id)?;
                Err(AppError::from_client(&err, &self.company))
            }
        }
    }

    async fn send(&self, item: &Item) -> Result<SendOutcome, ClientError> {
        match &item.payload {
            Payload::Ticket { ticket } => {
                let created = self.api.create_ticket(ticket, &item.key).await?;
                Ok(SendOutcome::Sent {
                    ticket_id: created.summary.id.to_string(),
                    ticket_number: Some(created.summary.number),
                })
            }
            Payload::Comment { ticket_id, comment } => {
                self.api.add_comment(&TicketId(ticket_id.clone()), comment, &item.key).await?;
                Ok(SendOutcome::Sent { ticket_id: ticket_id.clone(), ticket_number: None })
            }
        }
    }

    fn items(&self) -> AppResult<Vec<Item>> {
        Ok(self.file.read()?.unwrap_or_default())
    }

    fn remove(&self, id: &str) -> AppResult<()> {
        let mut items = self.items()?;
        items.retain(|item| item.id != id);
        self.file.write(&items)
    }

    fn note_failure(&self, id: &str, err: &ClientError) -> AppResult<()> {
        let mut items = self.items()?;
        if let Some(item) = items.iter_mut().find(|item| item.id == id) {
            item.attempts += 1;
            item.last_error = Some(err.user_message(&self.company));
        }
        self.file.write(&items)
    }
}

impl Item {
    fn describe(&self) -> PendingItem {
        let (kind, ticket_id, title) = match &self.payload {
            Payload::Ticket { ticket } => (PendingKind::Ticket, None, ticket.title.clone()),
            Payload::Comment { ticket_id, comment } => {
                (PendingKind::Comment, Some(ticket_id.clone()), comment.body.chars().take(80).collect())
            }
        };
        PendingItem {
            id: self.id.clone(),
            kind,
            ticket_id,
            title,
            created_at: self.created_at,
            attempts: self.attempts,
            last_error: self.last_error.clone(),
        }
    }
}
