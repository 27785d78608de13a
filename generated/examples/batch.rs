//! Users by id through JSON batches: at most 20 requests per `POST /$batch`,
//! throttled ones sent again after their `Retry-After`, answers in the
//! order given.
//!
//! ```sh
//! GRAPH_TOKEN=... cargo run -p graph-api --features client --example batch -- ID...
//! ```
//!
//! One line per id: `ID: DISPLAYNAME`, or `ID: error CODE` (e.g.
//! `Request_ResourceNotFound`) for a user the service did not return. A
//! failure of the batches themselves (a connection, a token) goes to stderr
//! with exit status 1.

#[cfg(all(feature = "client", feature = "users"))]
mod common;

#[cfg(all(feature = "client", feature = "users"))]
use graph_api::{requests::user::GetUser, support::Error};

#[cfg(not(all(feature = "client", feature = "users")))]
fn main() -> std::process::ExitCode {
    eprintln!("the batch example needs the client and the users API: cargo run -p graph-api --features client --example batch");
    std::process::ExitCode::FAILURE
}

#[cfg(all(feature = "client", feature = "users"))]
fn main() -> std::process::ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let args: Vec<String> = std::env::args().skip(1).collect();
    common::block_on("batch", run(&env, &args, &mut std::io::stdout()))
}

/// The steps for `args` (the ids), configured by `env`, one line each to
/// `out`.
#[cfg(all(feature = "client", feature = "users"))]
pub async fn run(
    env: common::Env<'_>,
    args: &[String],
    out: &mut (dyn std::io::Write + Send),
) -> Result<(), common::StepError> {
    if args.is_empty() {
        return Err("usage: batch ID...".into());
    }
    let client = common::client(env)?;
    let requests = args.iter().map(|id| GetUser::user(id).select(&["id", "displayName"]));
    let users = client.send_all(requests).await;
    for (id, user) in args.iter().zip(users) {
        match user {
            Ok(user) => writeln!(out, "{id}: {}", user.display_name.value().map_or("", String::as_str))?,
            Err(Error::Status(status)) => {
                let code =
                    status.error.as_ref().map_or_else(|| status.status.to_string(), |e| e.code.clone());
                writeln!(out, "{id}: error {code}")?;
            }
            Err(error) => return Err(common::failed("batch")(error)),
        }
    }
    Ok(())
}
