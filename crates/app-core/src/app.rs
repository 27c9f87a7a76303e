//! [`PortalApp`]: the app's core as the window sees it, with one method per command
//! (`src-tauri/APP.md` lists them). The Tauri shell's commands are one-line wrappers over these
//! methods, and the tests drive them directly.
//!
//! Everything that belongs to one subscriber (offline copies, unsent messages, the draft, the
//! watcher's position, prepared attachments) lives under `<data dir>/accounts/<firebase uid>/`,
//! so two subscribers who share a computer never see each other's data. While someone is signed
//! in, a watcher task polls for changes and the window hears about them through [`AppEvents`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use portal_api::{
    Branding, CreatePortalTicket, CustomerProfile, Diagnostics, FaqEntry, Page, PortalStatus, PortalTicket,
    PortalTicketSummary, ReopenTicket, ResolveTicket, TicketId,
};
use portal_client::{ClientConfig, PortalClient, TicketQuery};
use tokio::sync::{mpsc, watch, Mutex, OnceCell};
use tokio::task::JoinHandle;

use crate::attachments::PreparedFiles;
use crate::branding::BrandingSource;
use crate::cache::Cache;
use crate::config::AppConfig;
use crate::downloads::{self, Downloads, PHOTO_VIEW_EDGE};
use crate::error::{AppError, AppErrorCode, AppResult};
use crate::events::{AppEvent, AppEvents};
use crate::notices;
use crate::outbox::Outbox;
use crate::session::Session;
use crate::storage::JsonFile;
use crate::ui_types::{
    AddCommentRequest, AppInfo, AttachmentRequest, Cached, ChangePasswordRequest, ConnectionChanged, FaqRequest,
    ListTicketsRequest, PasswordResetRequest, PendingItem, PrepareAttachmentBytesRequest, PreparedAttachment,
    ReopenTicketRequest, ResolveTicketRequest, SavedAttachment, SendOutcome, SessionState, SignInRequest, SignupCheck,
    SignupCheckRequest, SignupCompleteRequest, TicketDraft, TicketsChanged,
};
use crate::uploads::photo_view_data_url;
use crate::watcher::{self, WatchEvent, Watcher};

/// How often the published branding is checked for a new version.
const BRANDING_INTERVAL: Duration = Duration::from_secs(10 * 60);

pub struct PortalApp {
    config: AppConfig,
    session: Session,
    /// Calls as the signed-in subscriber.
    api: PortalClient,
    branding: Arc<BrandingSource>,
    events: Arc<dyn AppEvents>,
    /// Set once the session kept in the keychain has been restored (or found absent).
    restored: OnceCell<()>,
    account: Mutex<Option<Arc<Account>>>,
    /// Dropped with the app, which ends its background tasks.
    _stop: watch::Sender<bool>,
    stopped: watch::Receiver<bool>,
}

impl std::fmt::Debug for PortalApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalApp").field("tenant_id", &self.config.tenant_id).finish_non_exhaustive()
    }
}

impl PortalApp {
    pub fn new(config: AppConfig, events: Arc<dyn AppEvents>) -> AppResult<PortalApp> {
        let public = PortalClient::new(ClientConfig::new(config.api_base_url.as_str(), &config.tenant_id))
            .map_err(|err| AppError::configuration(format!("The app's server address cannot be used: {err}.")))?;
        let session = Session::new(&config, public.clone())?;
        let api = public.clone().with_tokens(session.token_source());
        let branding = BrandingSource::new(
            public,
            Cache::new(config.data_dir.join("public"), config.company_name()),
            config.brand.branding.clone(),
        );
        let (stop, stopped) = watch::channel(false);
        Ok(PortalApp {
            config,
            session,
            api,
            branding: Arc::new(branding),
            events,
            restored: OnceCell::new(),
            account: Mutex::new(None),
            _stop: stop,
            stopped,
        })
    }

    /// At start: restores the session from the keychain (starting the watcher when someone is
    /// signed in) and starts checking the branding. Commands wait for the restore, so the window
    /// never sees "signed out" for a subscriber who is still being restored. Call it from inside
    /// the async runtime.
    pub async fn start(&self) -> SessionState {
        let branding = self.branding.clone();
        let events = self.events.clone();
        let mut stopped = self.stopped.clone();
        tokio::spawn(async move {
            while !watcher::sleep_or_stop(BRANDING_INTERVAL, &mut stopped).await {
                if branding.changed().await {
                    events.emit(AppEvent::BrandingChanged);
                }
            }
        });
        self.session_state().await
    }

    // -----------------------------------------------------------------------------------------
    // App and session
    // -----------------------------------------------------------------------------------------

    pub fn app_info(&self) -> AppInfo {
        self.config.app_info()
    }

    /// The settings in force (the shell reads the server address and update channel).
    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    pub async fn session_state(&self) -> SessionState {
        self.restore().await;
        if let Err(err) = self.account_if_signed_in().await {
            tracing::warn!(error = %err.message, "the signed-in account's data could not be opened");
        }
        self.session.state().await
    }

    pub async fn sign_in(&self, request: SignInRequest) -> AppResult<SessionState> {
        self.restore().await;
        let state = self.session.sign_in(&request.email, &request.password).await?;
        self.require_subscriber(&request.email).await?;
        self.account().await?;
        Ok(state)
    }

    pub async fn signup_verify(&self, request: SignupCheckRequest) -> AppResult<SignupCheck> {
        self.session.signup_verify(&request).await
    }

    pub async fn signup_complete(&self, request: SignupCompleteRequest) -> AppResult<SessionState> {
        self.restore().await;
        let state = self.session.signup_complete(&request.email, &request.password).await?;
        self.account().await?;
        Ok(state)
    }

    pub async fn send_password_reset(&self, request: PasswordResetRequest) -> AppResult<()> {
        self.session.send_password_reset(&request.email).await
    }

    pub async fn change_password(&self, request: ChangePasswordRequest) -> AppResult<()> {
        self.restore().await;
        self.session.change_password(&request.current_password, &request.new_password).await
    }

    /// Stops the watcher, forgets the offline copies, deletes the keychain entry and forgets
    /// the session. Unsent messages, the draft and prepared attachments stay on disk for this
    /// subscriber's next sign-in (they are theirs, under their own folder).
    pub async fn sign_out(&self) -> AppResult<()> {
        self.restore().await;
        if let Some(account) = self.account.lock().await.take() {
            account.close();
            if let Err(err) = account.cache.clear().and(account.downloads.clear()) {
                tracing::warn!(error = %err.message, "the offline copies could not be deleted at sign-out");
            }
        }
        self.session.sign_out().await
    }

    // -----------------------------------------------------------------------------------------
    // Reading: the server's answer, or offline the last copy
    // -----------------------------------------------------------------------------------------

    pub async fn get_profile(&self) -> AppResult<Cached<CustomerProfile>> {
        self.account().await?.cache.read_through("profile", self.api.me()).await
    }

    pub async fn list_tickets(&self, request: ListTicketsRequest) -> AppResult<Cached<Page<PortalTicketSummary>>> {
        let account = self.account().await?;
        let statuses: Vec<&str> = request.status.iter().map(|status| status.as_str()).collect();
        let key = format!("tickets-{}-{}", statuses.join("_"), request.cursor.as_deref().unwrap_or(""));
        let query = TicketQuery { statuses: request.status, cursor: request.cursor, ..Default::default() };
        account.cache.read_through(&key, self.api.tickets(&query)).await
    }

    pub async fn get_ticket(&self, id: String) -> AppResult<Cached<PortalTicket>> {
        let account = self.account().await?;
        account.cache.read_through(&format!("ticket-{id}"), self.api.ticket(&TicketId(id.clone()))).await
    }

    pub async fn get_status(&self) -> AppResult<Cached<PortalStatus>> {
        self.account().await?.cache.read_through("status", self.api.status()).await
    }

    pub async fn get_faq(&self, request: FaqRequest) -> AppResult<Cached<Vec<FaqEntry>>> {
        let account = self.account().await?;
        let query = request.query.as_deref().map(str::trim).filter(|query| !query.is_empty());
        let key = format!("faq-{}", query.unwrap_or(""));
        account.cache.read_through(&key, self.api.faq(query)).await
    }

    /// Public: shown before anyone signs in.
    pub async fn get_branding(&self) -> AppResult<Branding> {
        self.branding.get().await
    }

    /// A photo of one of the subscriber's tickets, as a `data:` URL to show in the thread.
    pub async fn attachment_photo(&self, request: AttachmentRequest) -> AppResult<String> {
        let (account, file) = self.attachment(&request).await?;
        let bytes = account.downloads.fetch(&self.api, &file).await?;
        photo_view_data_url(&file.file_name, &bytes, &file.content_type, PHOTO_VIEW_EDGE)
    }

    /// Saves a file of one of the subscriber's tickets into `folder` (their Downloads folder).
    pub async fn save_attachment(&self, request: AttachmentRequest, folder: &Path) -> AppResult<SavedAttachment> {
        let (account, file) = self.attachment(&request).await?;
        let bytes = account.downloads.fetch(&self.api, &file).await?;
        let path = downloads::save_copy(folder, &file.file_name, &bytes)?;
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(SavedAttachment { path: path.display().to_string(), file_name })
    }

    /// The file as the ticket lists it (from the server, or offline from the last copy), so only
    /// files of the subscriber's own tickets are ever fetched.
    async fn attachment(&self, request: &AttachmentRequest) -> AppResult<(Arc<Account>, portal_api::AttachmentInfo)> {
        let ticket = self.get_ticket(request.ticket_id.clone()).await?.data;
        let file = ticket
            .attachments
            .into_iter()
            .find(|file| file.id.as_str() == request.attachment_id)
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "This file is no longer part of the ticket."))?;
        Ok((self.account().await?, file))
    }

    // -----------------------------------------------------------------------------------------
    // Writing: through the outbox, so nothing is lost offline and nothing is sent twice
    // -----------------------------------------------------------------------------------------

    pub async fn create_ticket(&self, draft: TicketDraft) -> AppResult<SendOutcome> {
        let account = self.account().await?;
        let diagnostics = match draft.include_diagnostics {
            true => Some(self.diagnostics(Some(&account)).await),
            false => None,
        };
        let ticket =
            CreatePortalTicket { title: draft.title, description: draft.description, kind: draft.kind, diagnostics };
        account.outbox.create_ticket(ticket, draft.attachment_ids).await
    }

    pub async fn add_comment(&self, request: AddCommentRequest) -> AppResult<SendOutcome> {
        let account = self.account().await?;
        account.outbox.add_comment(&request.ticket_id, &request.body, request.attachment_ids).await
    }

    pub async fn prepare_attachment_bytes(
        &self,
        request: PrepareAttachmentBytesRequest,
    ) -> AppResult<PreparedAttachment> {
        self.account().await?.files.prepare(request.name, request.bytes).await
    }

    pub async fn discard_attachment(&self, id: String) -> AppResult<()> {
        self.account().await?.files.remove(&id)
    }

    pub async fn resolve_ticket(&self, request: ResolveTicketRequest) -> AppResult<()> {
        self.account().await?;
        let input = ResolveTicket { note: request.reason };
        self.api.resolve_ticket(&TicketId(request.id), &input).await.map(drop).map_err(|err| self.client_error(&err))
    }

    pub async fn reopen_ticket(&self, request: ReopenTicketRequest) -> AppResult<()> {
        self.account().await?;
        let input = ReopenTicket { reason: request.reason };
        self.api.reopen_ticket(&TicketId(request.id), &input).await.map(drop).map_err(|err| self.client_error(&err))
    }

    pub async fn pending_items(&self) -> AppResult<Vec<PendingItem>> {
        self.account().await?.outbox.pending()
    }

    pub async fn get_draft(&self) -> AppResult<Option<TicketDraft>> {
        self.account().await?.draft.read()
    }

    pub async fn save_draft(&self, draft: TicketDraft) -> AppResult<()> {
        self.account().await?.draft.write(&draft)
    }

    /// Exactly what a ticket carries when the subscriber agrees to send diagnostics.
    pub async fn diagnostics_preview(&self) -> Diagnostics {
        let account = self.account_if_signed_in().await.ok().flatten();
        self.diagnostics(account.as_deref()).await
    }

    // -----------------------------------------------------------------------------------------

    async fn diagnostics(&self, account: Option<&Account>) -> Diagnostics {
        let asked = Instant::now();
        let answer = self.api.health().await;
        let latency = i64::try_from(asked.elapsed().as_millis()).unwrap_or(i64::MAX);
        Diagnostics {
            app_version: self.config.app_version.clone(),
            os: operating_system(),
            server_reachable: answer.is_ok(),
            server_latency_ms: answer.is_ok().then_some(latency),
            last_sync_at: account.and_then(|account| *account.last_sync.lock().unwrap_or_else(|p| p.into_inner())),
        }
    }

    /// A login the sign-in service accepts is not yet a subscriber of this provider: it may be
    /// another WISP's subscriber, or one who never finished sign-up. When the server refuses it,
    /// the sign-in is undone (nothing stays in the keychain), so one brand's app never holds a
    /// sign-in for another tenant. When the server cannot be reached the sign-in stands, and the
    /// screens say the server is out of reach.
    async fn require_subscriber(&self, email: &str) -> AppResult<()> {
        let Err(err) = self.api.me().await else { return Ok(()) };
        let refused = err.status().is_some_and(|status| matches!(status.as_u16(), 401 | 403));
        if !refused {
            return Ok(());
        }
        self.session.sign_out().await?;
        let company = self.config.company_name();
        Err(AppError::new(
            AppErrorCode::Forbidden,
            format!(
                "{email} has no {company} account yet. If {company} is your internet provider, choose \"Create your account\" first; if not, use your own provider's app."
            ),
        ))
    }

    fn client_error(&self, err: &portal_client::ClientError) -> AppError {
        AppError::from_client(err, self.config.company_name())
    }

    /// Restores the session kept in the keychain, once; later callers wait for the first.
    async fn restore(&self) {
        self.restored
            .get_or_init(|| async {
                if let Err(err) = self.session.restore().await {
                    tracing::warn!(error = %err.message, "the last session could not be restored");
                }
            })
            .await;
    }

    /// The signed-in subscriber's account, opened (and its watcher started) on first use.
    async fn account(&self) -> AppResult<Arc<Account>> {
        self.account_if_signed_in().await?.ok_or_else(AppError::signed_out)
    }

    async fn account_if_signed_in(&self) -> AppResult<Option<Arc<Account>>> {
        self.restore().await;
        let uid = self.session.uid().await;
        let mut open = self.account.lock().await;
        if let Some(account) = open.as_ref().filter(|account| Some(&account.uid) == uid.as_ref()) {
            return Ok(Some(account.clone()));
        }
        // The session ended by itself (revoked, password changed elsewhere) or changed hands.
        if let Some(previous) = open.take() {
            previous.close();
        }
        let Some(uid) = uid else { return Ok(None) };
        let account = Arc::new(Account::open(self, uid)?);
        *open = Some(account.clone());
        Ok(Some(account))
    }
}

/// One subscriber's data and the watcher working for them.
struct Account {
    uid: String,
    cache: Cache,
    outbox: Arc<Outbox>,
    draft: JsonFile,
    files: PreparedFiles,
    downloads: Downloads,
    last_sync: Arc<StdMutex<Option<DateTime<Utc>>>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Account {
    fn open(app: &PortalApp, uid: String) -> AppResult<Account> {
        let dir = account_dir(&app.config.data_dir, &uid)?;
        std::fs::create_dir_all(&dir).map_err(|err| AppError::storage("your account's files", err))?;
        let company = app.config.company_name();
        let files = PreparedFiles::new(dir.join("attachments"));
        let outbox =
            Arc::new(Outbox::new(app.api.clone(), dir.join("outbox.json"), files.clone(), app.events.clone(), company));
        let last_sync = Arc::new(StdMutex::new(None));

        let (stop, stopped) = watch::channel(false);
        let (sender, received) = mpsc::channel(64);
        let watcher = Watcher::new(app.api.clone(), dir.join("watcher.json"));
        let relay = Relay {
            events: app.events.clone(),
            outbox: outbox.clone(),
            branding: app.branding.clone(),
            last_sync: last_sync.clone(),
        };
        let tasks = vec![
            tokio::spawn(async move {
                // Keeps the stop sender alive exactly as long as the watcher task.
                let _stop = stop;
                watcher.run(sender, stopped).await
            }),
            tokio::spawn(relay.run(received)),
        ];
        Ok(Account {
            uid,
            cache: Cache::new(dir.join("cache"), company),
            outbox,
            draft: JsonFile::new(dir.join("draft.json"), "your draft"),
            files,
            downloads: Downloads::new(dir.join("downloads"), company),
            last_sync,
            tasks,
        })
    }

    /// Stops the watcher and what relays its findings; nothing more is announced.
    fn close(&self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        self.close();
    }
}

/// Passes what the watcher finds to the window, and sends the outbox when the server can be
/// reached again.
struct Relay {
    events: Arc<dyn AppEvents>,
    outbox: Arc<Outbox>,
    branding: Arc<BrandingSource>,
    last_sync: Arc<StdMutex<Option<DateTime<Utc>>>>,
}

impl Relay {
    async fn run(self, mut received: mpsc::Receiver<WatchEvent>) {
        while let Some(event) = received.recv().await {
            match event {
                WatchEvent::Notice(notice) => self.events.notify(notices::notification(&notice)),
                WatchEvent::TicketsChanged(ticket_ids) => {
                    self.events.emit(AppEvent::TicketsChanged(TicketsChanged { ticket_ids }))
                }
                WatchEvent::Connection { online } => {
                    self.events.emit(AppEvent::ConnectionChanged(ConnectionChanged { online }));
                    if online {
                        self.back_online().await;
                    }
                }
                WatchEvent::Synced(at) => *self.last_sync.lock().unwrap_or_else(|p| p.into_inner()) = Some(at),
            }
        }
    }

    async fn back_online(&self) {
        match self.outbox.flush().await {
            Ok(sent) if !sent.is_empty() => {
                let ticket_ids = sent
                    .into_iter()
                    .filter_map(|outcome| match outcome {
                        SendOutcome::Sent { ticket_id, .. } => Some(ticket_id),
                        SendOutcome::Queued { .. } => None,
                    })
                    .collect();
                self.events.emit(AppEvent::TicketsChanged(TicketsChanged { ticket_ids }));
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err.message, "unsent messages could not be sent"),
        }
        if self.branding.changed().await {
            self.events.emit(AppEvent::BrandingChanged);
        }
    }
}

/// `<data dir>/accounts/<uid>`. The uid comes from the sign-in service; anything but the
/// letters, digits and dashes it uses is refused rather than turned into a path.
fn account_dir(data_dir: &Path, uid: &str) -> AppResult<PathBuf> {
    let usable =
        !uid.is_empty() && uid.len() <= 128 && uid.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !usable {
        return Err(AppError::unexpected(format!("a sign-in account id of {} characters is not usable", uid.len())));
    }
    Ok(data_dir.join("accounts").join(uid))
}

/// "Linux (x86_64)": the system and nothing that identifies the computer.
fn operating_system() -> String {
    let name = match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "macOS",
        "windows" => "Windows",
        other => other,
    };
    format!("{name} ({})", std::env::consts::ARCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_folders_are_named_only_by_usable_uids() {
        let data = Path::new("/data");
        assert_eq!(account_dir(data, "Ab3-x_9").unwrap(), Path::new("/data/accounts/Ab3-x_9"));
        for odd in ["", "..", "a/b", "a b", &"x".repeat(129)] {
            assert!(account_dir(data, odd).is_err(), "{odd:?}");
        }
    }
}
