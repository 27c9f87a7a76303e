//! Invite deep links: `<scheme>://invite?code=…` opens sign-up with the code filled in.
//!
//! The deep-link plugin only hands over URLs whose scheme is one the brand configured
//! (`plugins.deep-link.desktop.schemes`), so only the path and the code are checked here.

use std::sync::Mutex;

use app_core::ui_types::{events::INVITE, Invite};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use url::Url;

/// Longest access code accepted from a link. Staff codes are far shorter; the bound keeps
/// a crafted link from pushing arbitrary text into the sign-up form.
const MAX_CODE_LEN: usize = 64;

/// The invite that arrived last and has not been taken by the sign-up screen yet. Kept so an
/// invite that started the app is not lost before the UI listens for events.
#[derive(Default)]
pub struct PendingInvite(Mutex<Option<Invite>>);

impl PendingInvite {
    pub fn take(&self) -> Option<Invite> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()
    }

    fn put(&self, invite: Invite) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(invite);
    }
}

/// Why a deep link is not an invite; logged, never shown (a link is not the user's input).
#[derive(Debug, PartialEq, Eq)]
pub enum InviteLinkError {
    NotAnInvite,
    MissingCode,
    MalformedCode,
}

/// `<scheme>://invite?code=ABC-123` → `Invite { code: "ABC-123" }`. Exactly one non-empty
/// `code` of letters, digits and dashes; anything else is refused rather than guessed at.
pub fn parse_invite(url: &Url) -> Result<Invite, InviteLinkError> {
    // `scheme://invite?…` parses with host "invite"; `scheme:invite?…` with path "invite".
    let target = url.host_str().unwrap_or_else(|| url.path());
    if target != "invite" || !matches!(url.path(), "" | "/" | "invite") {
        return Err(InviteLinkError::NotAnInvite);
    }
    let mut codes = url.query_pairs().filter(|(key, _)| key == "code").map(|(_, value)| value);
    let code = codes.next().ok_or(InviteLinkError::MissingCode)?;
    if codes.next().is_some() {
        return Err(InviteLinkError::MalformedCode);
    }
    let code = code.trim();
    if code.is_empty() {
        return Err(InviteLinkError::MissingCode);
    }
    if code.len() > MAX_CODE_LEN || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(InviteLinkError::MalformedCode);
    }
    Ok(Invite { code: code.to_owned() })
}

/// Handle deep links (from the first launch or forwarded by a second one): keep the invite
/// for the sign-up screen, tell the UI, and bring the window forward.
pub fn handle_links<R: Runtime>(app: &AppHandle<R>, urls: &[Url]) {
    for url in urls {
        match parse_invite(url) {
            Ok(invite) => {
                app.state::<PendingInvite>().put(invite.clone());
                if let Err(error) = app.emit(INVITE, invite) {
                    tracing::warn!(%error, "could not send the invite to the UI");
                }
                crate::window::show_main(app);
            }
            Err(reason) => tracing::warn!(?reason, "ignored a deep link that is not an invite"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(link: &str) -> Result<Invite, InviteLinkError> {
        parse_invite(&Url::parse(link).expect("test links are URLs"))
    }

    #[test]
    fn an_invite_link_yields_its_code() {
        assert_eq!(parse("ridgeline-portal://invite?code=K7Q2-9XJD"), Ok(Invite { code: "K7Q2-9XJD".into() }));
        assert_eq!(parse("ridgeline-portal://invite/?code=abc123&utm=mail"), Ok(Invite { code: "abc123".into() }));
    }

    #[test]
    fn other_links_are_not_invites() {
        assert_eq!(parse("ridgeline-portal://tickets?code=abc"), Err(InviteLinkError::NotAnInvite));
        assert_eq!(parse("ridgeline-portal://invite/extra?code=abc"), Err(InviteLinkError::NotAnInvite));
    }

    #[test]
    fn a_missing_or_empty_code_is_refused() {
        assert_eq!(parse("ridgeline-portal://invite"), Err(InviteLinkError::MissingCode));
        assert_eq!(parse("ridgeline-portal://invite?code="), Err(InviteLinkError::MissingCode));
    }

    #[test]
    fn markup_repeated_or_oversized_codes_are_refused() {
        assert_eq!(parse("ridgeline-portal://invite?code=%3Cimg%20src%3Dx%3E"), Err(InviteLinkError::MalformedCode));
        assert_eq!(parse("ridgeline-portal://invite?code=a&code=b"), Err(InviteLinkError::MalformedCode));
        let long = format!("ridgeline-portal://invite?code={}", "a".repeat(MAX_CODE_LEN + 1));
        assert_eq!(parse(&long), Err(InviteLinkError::MalformedCode));
    }
}
