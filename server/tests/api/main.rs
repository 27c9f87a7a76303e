//! Integration tests of the server over HTTP, one module per capability.

mod helpers;
#[path = "../../../crates/app-core/tests/core/photos.rs"]
mod photos;
mod world;

mod account_linking;
mod attachments;
mod authorization_matrix;
mod branding;
mod change_feed;
mod customers;
mod demo_seed;
mod errors_and_limits;
mod fail_closed;
mod faq;
mod firebase_tokens;
mod idempotency;
mod logos;
mod portal_client;
mod portal_tickets;
mod quotas;
mod releases;
mod several_instances;
mod signed_updates;
mod staff_work_orders;
mod startup;
mod updates;
