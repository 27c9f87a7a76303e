//! Integration tests of the server over HTTP, one module per capability.

mod helpers;
mod world;

mod authorization_matrix;
mod account_linking;
mod change_feed;
mod attachments;
mod portal_tickets;
mod customers;
mod staff_work_orders;
mod branding;
mod errors_and_limits;
mod faq;
mod firebase_tokens;
