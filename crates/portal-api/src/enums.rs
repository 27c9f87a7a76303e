//! The closed vocabularies of the API. Each is stored in the database as its snake_case name;
//! `strum` gives the string conversions so they are not written twice.

use serde::{Deserialize, Serialize};
use strum::{AsRefStr, EnumIter, EnumString, IntoStaticStr};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize,
                 AsRefStr, IntoStaticStr, EnumString, EnumIter)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$variant_meta])* $variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// Whether the customer's internet service is running.
    ServiceStatus { Active, Suspended, PendingInstall, Cancelled }
);
vocabulary!(
    /// The state of the customer's portal account.
    AccountStatus { Pending, Active, Suspended, Locked }
);
vocabulary!(WorkOrderKind { Support, Repair, Installation, Outage, Maintenance });
vocabulary!(Priority { Low, Normal, High, Urgent });
vocabulary!(WorkOrderStatus { Open, Assigned, InProgress, WaitingOnCustomer, Resolved, Closed });
vocabulary!(Visibility { Public, Internal });
vocabulary!(AuthorKind { Staff, Customer, System });
vocabulary!(StaffRole { Owner, Admin, Technician, Support });
vocabulary!(CustomerRelation { Reporter, Affected });
vocabulary!(
    /// What happened to a ticket, as the change feed reports it.
    EventKind { Created, StatusChanged, Commented, AttachmentAdded, Updated, CustomerAdded }
);
vocabulary!(
    /// Signal level in plain words, for customers.
    SignalQuality { Good, Fair, Poor }
);

vocabulary!(
    /// The update channel an app follows.
    ReleaseChannel { Stable, Beta }
);
vocabulary!(
    /// The operating system of an update, as tauri-plugin-updater names it (`{{target}}`).
    UpdateTarget { Linux, Windows, Darwin }
);
vocabulary!(
    /// The processor architecture of an update, as tauri-plugin-updater names it (`{{arch}}`).
    UpdateArch {
        #[serde(rename = "x86_64")]
        #[strum(serialize = "x86_64")]
        X86_64,
        I686,
        Aarch64,
        Armv7,
        Riscv64,
    }
);
vocabulary!(
    /// The kind of bundle an app was installed from, as tauri-plugin-updater names it. The plugin
    /// installs only a payload of its own kind, so each kind has its own releases.
    BundleType {
        Deb,
        Rpm,
        #[serde(rename = "appimage")]
        #[strum(serialize = "appimage")]
        AppImage,
        Msi,
        Nsis,
        App,
    }
);

impl WorkOrderStatus {
    pub fn is_open(self) -> bool {
        !matches!(self, WorkOrderStatus::Resolved | WorkOrderStatus::Closed)
    }

    /// Words a customer understands.
    pub fn label(self) -> &'static str {
        match self {
            WorkOrderStatus::Open => "Open",
            WorkOrderStatus::Assigned => "Assigned to a technician",
            WorkOrderStatus::InProgress => "In progress",
            WorkOrderStatus::WaitingOnCustomer => "Waiting for your reply",
            WorkOrderStatus::Resolved => "Resolved",
            WorkOrderStatus::Closed => "Closed",
        }
    }
}

impl WorkOrderKind {
    /// Work orders that describe a network-wide problem rather than one customer's request.
    pub fn is_outage(self) -> bool {
        matches!(self, WorkOrderKind::Outage | WorkOrderKind::Maintenance)
    }
}

impl SignalQuality {
    /// Thresholds for fixed-wireless CPE receive levels: above -65 dBm is a solid link, down to
    /// -75 dBm works with less margin, below that the link drops in rain or foliage.
    pub fn from_dbm(dbm: f64) -> SignalQuality {
        if dbm >= -65.0 {
            SignalQuality::Good
        } else if dbm >= -75.0 {
            SignalQuality::Fair
        } else {
            SignalQuality::Poor
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn names_round_trip_through_strings_and_json() {
        for status in <WorkOrderStatus as strum::IntoEnumIterator>::iter() {
            let parsed = WorkOrderStatus::from_str(status.as_str()).unwrap();
            assert_eq!(parsed, status);
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(WorkOrderStatus::WaitingOnCustomer.as_str(), "waiting_on_customer");
        assert_eq!(ServiceStatus::PendingInstall.as_str(), "pending_install");
        // The updater's own spellings.
        assert_eq!(UpdateArch::X86_64.as_str(), "x86_64");
        assert_eq!(serde_json::to_string(&BundleType::AppImage).unwrap(), "\"appimage\"");
        assert_eq!(BundleType::from_str("appimage").unwrap(), BundleType::AppImage);
    }

    #[test]
    fn signal_levels_in_plain_words() {
        assert_eq!(SignalQuality::from_dbm(-58.0), SignalQuality::Good);
        assert_eq!(SignalQuality::from_dbm(-65.0), SignalQuality::Good);
        assert_eq!(SignalQuality::from_dbm(-70.5), SignalQuality::Fair);
        assert_eq!(SignalQuality::from_dbm(-81.0), SignalQuality::Poor);
    }
}
