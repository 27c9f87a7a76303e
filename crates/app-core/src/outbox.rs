//! Tickets and comments the subscriber sends, kept on disk until the server has them.
//!
//! Every item is written to the outbox (atomically) *before* it is sent, with a client-made
//! idempotency key, and removed only after the server's answer. So an item survives a server
//! outage, a lost network or a crash, and is created exactly once: a resend after a lost answer
//! carries the same key, and the server answers with what the first request created.
//!
//! An item also names its prepared attachments ([`PreparedFiles`]). They are uploaded after the
//! ticket or comment exists; each one that went through is struck off the item and its file
//! deleted, so a retry uploads only what is left.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use portal_api::{CreateComment, CreatePortalTicket, IdempotencyKey, TicketId};
use portal_client::{ClientError, PortalClient};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::attachments::PreparedFiles;
use crate::error::{AppError, AppResult};
use crate::events::{AppEvent, AppEvents};
use crate::storage::JsonFile;
use crate::ui_types::{PendingItem, PendingKind, SendOutcome, UploadProgress};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Payload {
    Ticket {
        ticket: CreatePortalTicket,
        /// Prepared attachments still to upload.
        #[serde(default)]
        attachments: Vec<String>,
    },
    Comment {
        ticket_id: String,
        comment: CreateComment,
        #[serde(default)]
        attachments: Vec<String>,
    },
}

impl Payload {
    fn attachments(&self) -> &[String] {
        match self {
            Payload::Ticket { attachments, .. } | Payload::Comment { attachments, .. } => attachments,
        }
    }

    fn attachments_mut(&mut self) -> &mut Vec<String> {
        match self {
            Payload::Ticket { attachments, .. } | Payload::Comment { attachments, .. } => attachments,
        }
    }
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
    files: PreparedFiles,
    events: Arc<dyn AppEvents>,
    company: String,
    /// One sender at a time, so no item is ever in flight twice from this app.
    sending: Mutex<()>,
}

impl Outbox {
    /// `file` and `files` should be per signed-in account. Upload progress goes to `events`.
    pub fn new(
        api: PortalClient,
        file: std::path::PathBuf,
        files: PreparedFiles,
        events: Arc<dyn AppEvents>,
        company: impl Into<String>,
    ) -> Outbox {
        Outbox {
            api,
            file: JsonFile::new(file, "your unsent messages"),
            files,
            events,
            company: company.into(),
            sending: Mutex::new(()),
        }
    }

    /// Opens a ticket with the prepared attachments `attachments`.
    pub async fn create_ticket(&self, ticket: CreatePortalTicket, attachments: Vec<String>) -> AppResult<SendOutcome> {
        self.files.check_all(&attachments)?;
        self.submit(Payload::Ticket { ticket, attachments }).await
    }

    pub async fn add_comment(&self, ticket_id: &str, body: &str, attachments: Vec<String>) -> AppResult<SendOutcome> {
        self.files.check_all(&attachments)?;
        self.submit(Payload::Comment {
            ticket_id: ticket_id.to_string(),
            comment: CreateComment { body: body.to_string() },
            attachments,
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
                Err(SendError::Local(err)) => return Err(err),
                Err(SendError::Api(err)) => {
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
            Err(SendError::Local(err)) => Err(err),
            Err(SendError::Api(err)) if err.is_transient() => {
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
            // help, so it leaves the outbox; the UI still holds the text (and the prepared
            // files) to correct and send again.
            Err(SendError::Api(err)) => {
                self.remove(&item.id)?;
                Err(AppError::from_client(&err, &self.company))
            }
        }
    }

    /// Sends the ticket or comment (again: the idempotency key makes a resend answer the first
    /// result), then uploads the attachments still listed.
    async fn send(&self, item: &Item) -> Result<SendOutcome, SendError> {
        let (ticket_id, outcome) = match &item.payload {
            Payload::Ticket { ticket, .. } => {
                let created = self.api.create_ticket(ticket, &item.key).await?;
                let id = created.summary.id;
                let outcome =
                    SendOutcome::Sent { ticket_id: id.to_string(), ticket_number: Some(created.summary.number) };
                (id, outcome)
            }
            Payload::Comment { ticket_id, comment, .. } => {
                let id = TicketId(ticket_id.clone());
                self.api.add_comment(&id, comment, &item.key).await?;
                (id, SendOutcome::Sent { ticket_id: ticket_id.clone(), ticket_number: None })
            }
        };
        for attachment in item.payload.attachments() {
            self.upload(&item.id, &ticket_id, attachment).await?;
        }
        Ok(outcome)
    }

    /// Uploads one prepared attachment, then strikes it off the item and deletes its file. A
    /// file the server refuses as it is cannot be sent by trying again: it is dropped (the
    /// ticket itself went through), and the reason logged.
    async fn upload(&self, item_id: &str, ticket_id: &TicketId, attachment: &str) -> Result<(), SendError> {
        let Some(file) = self.files.load(attachment)? else {
            tracing::warn!(attachment, "a prepared attachment is gone; the message is sent without it");
            return Ok(self.strike_off(item_id, attachment)?);
        };
        let events = self.events.clone();
        let attachment_id = attachment.to_string();
        let progress: portal_client::UploadProgress = Arc::new(move |sent_bytes, total_bytes| {
            events.emit(AppEvent::UploadProgress(UploadProgress {
                attachment_id: attachment_id.clone(),
                sent_bytes,
                total_bytes,
            }))
        });
        match self.api.upload_attachment(ticket_id, &file.name, file.bytes.into(), progress).await {
            Ok(_) => {}
            Err(err) if err.is_transient() => return Err(err.into()),
            Err(err) => tracing::warn!(error = %err, attachment, "the server refused an attachment; it is dropped"),
        }
        self.strike_off(item_id, attachment)?;
        Ok(self.files.remove(attachment)?)
    }

    fn strike_off(&self, item_id: &str, attachment: &str) -> AppResult<()> {
        let mut items = self.items()?;
        if let Some(item) = items.iter_mut().find(|item| item.id == item_id) {
            item.payload.attachments_mut().retain(|id| id != attachment);
        }
        self.file.write(&items)
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
            Payload::Ticket { ticket, .. } => (PendingKind::Ticket, None, ticket.title.clone()),
            Payload::Comment { ticket_id, comment, .. } => {
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

/// Why sending an item stopped: the server's answer, or this computer's files.
enum SendError {
    Api(ClientError),
    Local(AppError),
}

impl From<ClientError> for SendError {
    fn from(err: ClientError) -> SendError {
        SendError::Api(err)
    }
}

impl From<AppError> for SendError {
    fn from(err: AppError) -> SendError {
        SendError::Local(err)
    }
}
