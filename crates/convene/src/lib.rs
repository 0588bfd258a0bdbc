//! # convene
//!
//! The service around [`convene_core`]: the `convene` command line, and (in
//! later steps) storage, HTTP, feeds and mail as thin adapters around the
//! core.

pub mod check;
pub mod cli;
