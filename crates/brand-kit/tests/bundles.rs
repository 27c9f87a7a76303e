//! The built branded bundles (scripts/brand.sh build): two brands' .deb packages differ where it
//! matters and each carries only its own tenant. Needs the bundles, so it runs in the test
//! stage "branded builds" (scripts/test.sh), which builds them first:
//!
//! ```text
//! WISP_BRAND_OUT=$CARGO_TARGET_DIR/brands cargo test -p brand-kit --test bundles -- --ignored
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use memchr::memmem;
use serde_json::Value;

const BRANDS: [&str; 2] = ["ridgeline", "prairie-sky"];

/// One brand's build: its build.json and the unpacked .deb.
struct Built {
    slug: &'static str,
    info: Value,
    deb: PathBuf,
    unpacked: tempfile::TempDir,
}

impl Built {
    fn load(slug: &'static str) -> Built {
        let out = std::env::var_os("WISP_BRAND_OUT")
            .map(PathBuf::from)
            .expect("WISP_BRAND_OUT must name the folder scripts/brand.sh builds into ($CARGO_TARGET_DIR/brands)")
            .join(slug);
        let info_path = out.join("build.json");
        let info: Value =
            serde_json::from_str(&std::fs::read_to_string(&info_path).unwrap_or_else(|err| {
                panic!("{}: {err} (run scripts/brand.sh build {slug} first)", info_path.display())
            }))
            .unwrap();
        let deb = out.join("package.deb");
        let unpacked = tempfile::tempdir().unwrap();
        dpkg_deb(&["-x", path_str(&deb), path_str(unpacked.path())]);
        Built { slug, info, deb, unpacked }
    }

    fn field(&self, name: &str) -> &str {
        self.info[name].as_str().unwrap_or_else(|| panic!("{}: build.json has no {name}", self.slug))
    }

    fn control(&self, field: &str) -> String {
        dpkg_deb(&["--field", path_str(&self.deb), field]).trim().to_string()
    }

    fn file(&self, path: &str) -> Vec<u8> {
        let full = self.unpacked.path().join(path);
        std::fs::read(&full).unwrap_or_else(|err| panic!("{}: the .deb has no {path}: {err}", self.slug))
    }

    /// Every file (not folder) the package installs, relative to `/`.
    fn listing(&self) -> BTreeSet<String> {
        fn walk(root: &Path, dir: &Path, files: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, files);
                } else {
                    files.insert(path.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                }
            }
        }
        let mut files = BTreeSet::new();
        walk(self.unpacked.path(), self.unpacked.path(), &mut files);
        files
    }

    fn binary(&self) -> Vec<u8> {
        self.file(&format!("usr/bin/{}", self.field("packageName")))
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn dpkg_deb(args: &[&str]) -> String {
    let output = Command::new("dpkg-deb").args(args).output().expect("dpkg-deb runs (Debian's dpkg package)");
    assert!(output.status.success(), "dpkg-deb {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The tenant as the compiled-in settings (app-settings.json, pretty-printed) spell it.
fn tenant_setting(tenant: &str) -> String {
    format!("\"tenantId\": \"{tenant}\"")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    memmem::find(haystack, needle.as_bytes()).is_some()
}

#[test]
#[ignore = "needs the branded bundles: scripts/test.sh builds them in its \"branded builds\" stage"]
fn each_bundle_is_its_brand() {
    for slug in BRANDS {
        let built = Built::load(slug);
        let (product, package) = (built.field("productName"), built.field("packageName"));
        assert_eq!(built.control("Package"), package, "{slug}: package name");

        let desktop = String::from_utf8(built.file(&format!("usr/share/applications/{product}.desktop"))).unwrap();
        for line in [
            format!("Name={product}"),
            format!("Exec={package}"),
            format!("Icon={package}"),
            format!("MimeType=x-scheme-handler/{}", built.field("deepLinkScheme")),
        ] {
            assert!(desktop.lines().any(|l| l == line), "{slug}: the desktop file lacks `{line}`:\n{desktop}");
        }

        let generated = std::fs::read(Path::new(built.field("icons")).join("128x128.png")).unwrap();
        assert!(
            built.file(&format!("usr/share/icons/hicolor/128x128/apps/{package}.png")) == generated,
            "{slug}: the installed icon is not the one generated from the kit's logo"
        );

        let binary = built.binary();
        assert!(contains(&binary, built.field("identifier")), "{slug}: the binary lacks its identifier");
        assert!(contains(&binary, &tenant_setting(built.field("tenantId"))), "{slug}: the binary lacks its tenant");
    }
}

#[test]
#[ignore = "needs the branded bundles: scripts/test.sh builds them in its \"branded builds\" stage"]
fn two_brands_differ_where_it_matters_and_install_side_by_side() {
    let [a, b] = BRANDS.map(Built::load);
    for field in ["productName", "identifier", "tenantId", "packageName", "deepLinkScheme"] {
        assert_ne!(a.field(field), b.field(field), "both brands have the same {field}");
    }
    assert_ne!(a.control("Package"), b.control("Package"));

    let icon =
        |built: &Built| built.file(&format!("usr/share/icons/hicolor/128x128/apps/{}.png", built.field("packageName")));
    assert!(icon(&a) != icon(&b), "both brands install the same icon");

    // Each binary has its own tenant and identifier compiled in, and not the other's: one
    // brand's app cannot sign in to the other tenant.
    for (this, other) in [(&a, &b), (&b, &a)] {
        let binary = this.binary();
        assert!(
            !contains(&binary, &tenant_setting(other.field("tenantId"))),
            "{}'s binary carries {}'s tenant",
            this.slug,
            other.slug
        );
        assert!(
            !contains(&binary, other.field("identifier")),
            "{}'s binary carries {}'s identifier",
            this.slug,
            other.slug
        );
    }

    let (files_a, files_b) = (a.listing(), b.listing());
    for (built, files) in [(&a, &files_a), (&b, &files_b)] {
        let binary = format!("usr/bin/{}", built.field("packageName"));
        assert!(files.contains(&binary), "{}: the package listing lacks {binary}: {files:?}", built.slug);
    }
    let shared: Vec<_> = files_a.intersection(&files_b).cloned().collect();
    assert!(shared.is_empty(), "both packages install {shared:?}: they could not be installed side by side");
}
