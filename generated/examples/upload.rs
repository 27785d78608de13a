//! A large file to OneDrive through an upload session: create the session
//! for a path under the signed-in user's drive root, send the file in
//! chunks (resuming after a failure from what the session says it still
//! expects), print the new item.
//!
//! ```sh
//! GRAPH_TOKEN=... cargo run -p graph-api --features client --example upload -- LOCAL_FILE "Folder/Sub folder/Résumé.pdf"
//! ```
//!
//! `REMOTE_PATH` is below the drive root, `/` between folders; each part is
//! percent-encoded on its own. One line per step on stdout; on failure the
//! error goes to stderr and the exit status is 1.

#[cfg(all(feature = "client", feature = "sharepoint"))]
mod common;

#[cfg(all(feature = "client", feature = "sharepoint"))]
use graph_api::{
    client::UploadOptions,
    models::{DriveItem, DriveItemUploadableProperties},
    requests::drive_item::CreateUploadSession,
};

#[cfg(not(all(feature = "client", feature = "sharepoint")))]
fn main() -> std::process::ExitCode {
    eprintln!("the upload example needs the client and the sharepoint API: cargo run -p graph-api --features client --example upload");
    std::process::ExitCode::FAILURE
}

#[cfg(all(feature = "client", feature = "sharepoint"))]
fn main() -> std::process::ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let args: Vec<String> = std::env::args().skip(1).collect();
    common::block_on("upload", run(&env, &args, &mut std::io::stdout()))
}

/// The steps for `args` (`LOCAL_FILE REMOTE_PATH`), configured by `env`,
/// one line each to `out`.
#[cfg(all(feature = "client", feature = "sharepoint"))]
pub async fn run(
    env: common::Env<'_>,
    args: &[String],
    out: &mut (dyn std::io::Write + Send),
) -> Result<(), common::StepError> {
    let [local, remote] = args else { return Err("usage: upload LOCAL_FILE REMOTE_PATH".into()) };
    let client = common::client(env)?;
    let file = std::fs::File::open(local).map_err(|e| format!("1. open failed: {local}: {e}"))?;

    // Replace a file that is already there rather than fail.
    let mut item = DriveItemUploadableProperties::default();
    item.additional_properties.insert("@microsoft.graph.conflictBehavior".to_owned(), "replace".into());
    let session = client
        .send(CreateUploadSession::me_by_path(remote).body_with(|body| body.with_item(item)))
        .await
        .map_err(common::failed("1. create upload session"))?;
    let url = session.upload_url.value().ok_or("1. create upload session failed: no uploadUrl")?;
    writeln!(out, "1. created an upload session for {remote}")?;

    let progress = |sent: u64, total: u64| {
        // A lost progress line is no reason to stop the upload.
        let _ = writeln!(out, "2. sent {sent} of {total} bytes");
    };
    let uploaded = client
        .upload::<DriveItem>(url, file, UploadOptions::new().on_progress(progress))
        .await
        .map_err(common::failed("2. upload"))?
        .into_inner();
    let id = uploaded.id.value().map_or("?", String::as_str);
    let size = uploaded.size.value().map_or_else(|| "?".to_owned(), i64::to_string);
    writeln!(out, "3. uploaded {remote}: id {id}, size {size}")?;
    Ok(())
}
