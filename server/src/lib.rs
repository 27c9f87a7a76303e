//! wisp-portal server: the system of record for tenants, customers and work orders, and the
//! customer-scoped API the branded desktop app talks to.

pub mod app;
pub mod attachments;
pub mod auth;
pub mod change_heads;
pub mod client_address;
pub mod config;
pub mod customers;
pub mod db;
pub mod demo;
pub mod error;
pub mod events;
pub mod faq;
pub mod housekeeping;
pub mod idempotency;
pub mod linking;
pub mod portal;
pub mod provisioning;
pub mod quotas;
pub mod ratelimit;
pub mod releases;
pub mod secrets;
pub mod staff;
pub mod state;
pub mod stored;
pub mod tenants;
pub mod validate;
pub mod work_orders;

pub use app::Server;
pub use config::Config;
