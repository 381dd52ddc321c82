//! The one integration-test binary (one link on 2 cores): CLI runs, gold scoring, properties.

mod cli;
mod sink;
