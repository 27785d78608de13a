//! Changes to users since a stored deltaLink (or all users, on the first
//! run): every page of `GET /users/delta`, then the deltaLink to resume
//! from next time.
//!
//! ```sh
//! GRAPH_TOKEN=... cargo run -p graph-api --features client --example delta                 # everything
//! GRAPH_TOKEN=... cargo run -p graph-api --features client --example delta -- DELTA_LINK   # what changed since
//! ```
//!
//! One line per user: `ID: DISPLAYNAME` when changed, `ID: removed` (gone
//! from the directory, still restorable) or `ID: deleted` (for good) when
//! removed; the last line is the deltaLink. A link off the service root is
//! an error, never followed with the token. On failure the error goes to
//! stderr and the exit status is 1.

#[cfg(all(feature = "client", feature = "users"))]
mod common;

#[cfg(all(feature = "client", feature = "users"))]
use futures_util::TryStreamExt as _;
#[cfg(all(feature = "client", feature = "users"))]
use graph_api::{
    models::User,
    requests::user,
    support::{Delta, DeltaPage, RemovedReason, Request},
};

#[cfg(not(all(feature = "client", feature = "users")))]
fn main() -> std::process::ExitCode {
    eprintln!("the delta example needs the client and the users API: cargo run -p graph-api --features client --example delta");
    std::process::ExitCode::FAILURE
}

#[cfg(all(feature = "client", feature = "users"))]
fn main() -> std::process::ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let args: Vec<String> = std::env::args().skip(1).collect();
    common::block_on("delta", run(&env, &args, &mut std::io::stdout()))
}

/// The steps for `args` (`[DELTA_LINK]`), configured by `env`, one line
/// each to `out`.
#[cfg(all(feature = "client", feature = "users"))]
pub async fn run(
    env: common::Env<'_>,
    args: &[String],
    out: &mut (dyn std::io::Write + Send),
) -> Result<(), common::StepError> {
    let request: Request<DeltaPage<User>> = match args {
        [] => user::Delta::users().select(&["id", "displayName"]),
        [link] => Request::from_link(link),
        _ => return Err("usage: delta [DELTA_LINK]".into()),
    };
    let client = common::client(env)?;
    let mut pages = std::pin::pin!(client.pages(request));
    let mut delta_link = None;
    while let Some(page) = pages.try_next().await.map_err(common::failed("delta"))? {
        for change in &page.value {
            match change {
                Delta::Changed(user) => {
                    let id = user.id.value().map_or("?", String::as_str);
                    let name = user.display_name.value().map_or("", String::as_str);
                    writeln!(out, "{id}: {name}")?;
                }
                Delta::Removed(removed) => {
                    let id = removed.id.as_deref().unwrap_or("?");
                    let how = match &removed.reason {
                        RemovedReason::Deleted => "deleted",
                        _ => "removed",
                    };
                    writeln!(out, "{id}: {how}")?;
                }
            }
        }
        delta_link = page.delta_link.clone().or(delta_link);
    }
    let delta_link = delta_link.ok_or("delta failed: the last page has no @odata.deltaLink")?;
    writeln!(out, "{delta_link}")?;
    Ok(())
}
