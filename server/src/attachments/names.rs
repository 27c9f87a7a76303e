//! The name an attachment is stored and served under. The type comes from the bytes, so the
//! extension does too: whatever the client called it, a JPEG is served as `….jpg` and text as
//! `….txt`. The client's stem is kept for recognition, cleaned of what can disguise a name:
//! paths, control characters and invisible format characters (Unicode category Cf: the
//! right-to-left override that makes `photo\u{202e}gpj.exe` read as `photoexe.jpg`, zero-width
//! spaces and joiners, bidi isolates and marks).

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Characters of a stem, at most; with the extension a name stays short enough for any disk.
const MAX_STEM_CHARS: usize = 100;

/// The extension people know for a type this server accepts (see `attachments::ALLOWED`).
pub fn extension_for(content_type: &str) -> &'static str {
    match content_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "image/heif" => "heic",
        "application/pdf" => "pdf",
        _ => "txt",
    }
}

/// `<cleaned stem>.<extension of content_type>`: a JPEG sent as `C:\Users\me\dish photo.exe` is
/// `dish photo.jpg`. The stem is what comes before the last dot of the sent name.
pub fn stored_name(sent: &str, content_type: &str) -> String {
    format!("{}.{}", stem(sent), extension_for(content_type))
}

/// The sent name without folders and without the characters that can disguise it, extension
/// kept: for files whose type the server does not decide (release bundles).
pub fn cleaned(sent: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let visible: String = base.chars().filter(|c| !hides_or_breaks(*c)).take(MAX_STEM_CHARS + 10).collect();
    visible.trim().trim_start_matches('.').trim().to_string()
}

fn stem(sent: &str) -> String {
    let visible = cleaned(sent);
    let visible = visible.as_str();
    let without_extension = match visible.rsplit_once('.') {
        Some((stem, _)) if !stem.trim_matches('.').trim().is_empty() => stem,
        _ => visible,
    };
    let stem: String = without_extension.trim().trim_matches('.').trim().chars().take(MAX_STEM_CHARS).collect();
    let stem = stem.trim_end();
    if stem.is_empty() {
        "attachment".into()
    } else {
        stem.into()
    }
}

/// Invisible or line-breaking characters, and those a file name or a `Content-Disposition` header
/// cannot hold.
fn hides_or_breaks(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::Format
            | GeneralCategory::Control
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
    ) || matches!(c, '"' | '<' | '>' | ':' | '*' | '?' | '|')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_the_detected_types() {
        assert_eq!(stored_name("photo.jpg", "image/jpeg"), "photo.jpg");
        assert_eq!(stored_name("IMG_2024.jpeg", "image/jpeg"), "IMG_2024.jpg");
        assert_eq!(stored_name("router.exe", "image/png"), "router.png");
        assert_eq!(stored_name("notes", "text/plain"), "notes.txt");
        assert_eq!(stored_name("invoice.pdf", "application/pdf"), "invoice.pdf");
        assert_eq!(stored_name("IMG_0001.HEIC", "image/heif"), "IMG_0001.heic");
    }

    #[test]
    fn text_never_keeps_a_script_extension() {
        assert_eq!(stored_name("run.cmd", "text/plain"), "run.txt");
        assert_eq!(stored_name("update.js", "text/plain"), "update.txt");
        assert_eq!(stored_name("readme.hta", "text/plain"), "readme.txt");
        assert_eq!(stored_name("invoice.pdf.js", "text/plain"), "invoice.pdf.txt");
    }

    #[test]
    fn invisible_and_bidi_characters_are_removed() {
        // "photo<RLO>gpj.exe" shows as "photoexe.jpg".
        assert_eq!(stored_name("photo\u{202e}gpj.exe", "text/plain"), "photogpj.txt");
        assert_eq!(stored_name("in\u{200b}voice\u{200d}.pdf", "application/pdf"), "invoice.pdf");
        assert_eq!(stored_name("\u{2067}report\u{2069}\u{200f}.txt", "text/plain"), "report.txt");
        assert_eq!(stored_name("\u{feff}notes\u{2028}.txt", "text/plain"), "notes.txt");
        assert_eq!(stored_name("a\u{0}b\u{1b}[31m.txt", "text/plain"), "ab[31m.txt");
        assert!(stored_name("x\u{202e}\u{2066}\u{61c}\u{180e}y", "text/plain")
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.'));
    }

    #[test]
    fn paths_quotes_and_empty_names_are_handled() {
        assert_eq!(stored_name("../../etc/passwd", "text/plain"), "passwd.txt");
        assert_eq!(stored_name("C:\\Users\\x\\photo \"1\".jpg", "image/jpeg"), "photo 1.jpg");
        assert_eq!(stored_name("..", "text/plain"), "attachment.txt");
        assert_eq!(stored_name("", "image/png"), "attachment.png");
        assert_eq!(stored_name(".bashrc", "text/plain"), "bashrc.txt");
        assert_eq!(stored_name("\u{202e}\u{200b}", "image/png"), "attachment.png");
    }

    #[test]
    fn letters_of_every_script_are_kept_and_long_stems_cut() {
        assert_eq!(stored_name("صورة الطبق.jpg", "image/jpeg"), "صورة الطبق.jpg");
        assert_eq!(stored_name("Schüssel 📡.png", "image/png"), "Schüssel 📡.png");
        let long = format!("{}.png", "a".repeat(300));
        assert_eq!(stored_name(&long, "image/png").chars().count(), MAX_STEM_CHARS + 4);
    }
}
