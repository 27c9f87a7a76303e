//! Integration tests of the server over HTTP, one module per capability.

mod helpers;
mod world;

mod authorization_matrix;
