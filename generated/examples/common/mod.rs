//! What the examples share: the environment they read, the client they
//! build from it, and how `main` reports a failed step. Not an example of
//! its own (cargo builds `examples/*.rs` and `examples/*/main.rs` only).

// Each example uses part of it.
#![allow(dead_code)]

use std::future::Future;
use std::process::ExitCode;
use std::time::Duration;

use graph_api::client::{Client, Token, DEFAULT_BASE_URL};
use graph_api::support::Error;

/// Where an example reads its settings: `std::env::var` in `main`, a map in
/// the tests.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A failed step, already saying which.
pub type StepError = Box<dyn std::error::Error>;

/// A client for `GRAPH_BASE_URL` (default `https://graph.microsoft.com/v1.0`)
/// with the token in `GRAPH_TOKEN`, each attempt of a request timing out
/// after `GRAPH_TIMEOUT_SECS` (default the client's, 100 s).
pub fn client(env: Env<'_>) -> Result<Client, StepError> {
    let base_url = env("GRAPH_BASE_URL").unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let token = env("GRAPH_TOKEN").ok_or("set GRAPH_TOKEN to an access token")?;
    let mut builder = Client::builder(Token::new(token)).base_url(base_url);
    if let Some(seconds) = env("GRAPH_TIMEOUT_SECS") {
        builder = builder.timeout(timeout(&seconds)?);
    }
    Ok(builder.build()?)
}

/// `GRAPH_TIMEOUT_SECS`: a positive number of seconds (`3`, `0.5`).
fn timeout(seconds: &str) -> Result<Duration, StepError> {
    let invalid = || format!("GRAPH_TIMEOUT_SECS is {seconds:?}, not a positive number of seconds");
    let seconds: f64 = seconds.trim().parse().map_err(|_| invalid())?;
    match Duration::try_from_secs_f64(seconds) {
        Ok(timeout) if !timeout.is_zero() => Ok(timeout),
        _ => Err(invalid().into()),
    }
}

/// Runs an example's steps on a single-threaded runtime: exit status 0, or
/// 1 with `NAME: error` on stderr.
pub fn block_on(name: &str, steps: impl Future<Output = Result<(), StepError>>) -> ExitCode {
    let result = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(steps),
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{name}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Turns a client error into the error of step `step`, with its causes.
pub fn failed(step: &'static str) -> impl Fn(Error) -> StepError {
    move |error: Error| format!("{step} failed: {}", with_causes(&error)).into()
}

/// The error and its causes, e.g. why a connection could not be made.
pub fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        let more = error.to_string();
        // Some errors already print their direct cause.
        if !text.ends_with(&more) {
            text = format!("{text}: {more}");
        }
        cause = error.source();
    }
    text
}
