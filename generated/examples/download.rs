//! A file's content from OneDrive by its path: the service answers with a
//! redirect to a pre-authenticated download URL, which the client follows
//! without the token; the bytes go to a local file.
//!
//! ```sh
//! GRAPH_TOKEN=... cargo run -p graph-api --features client --example download -- "Folder/Résumé.pdf" resume.pdf
//! ```
//!
//! The file is written whole or not at all (through `OUT_FILE.part`). One
//! line per step on stdout; on failure the error goes to stderr and the
//! exit status is 1.

#[cfg(all(feature = "client", feature = "sharepoint"))]
mod common;

#[cfg(all(feature = "client", feature = "sharepoint"))]
use graph_api::requests::drive_item::DownloadDriveItemContent;

#[cfg(not(all(feature = "client", feature = "sharepoint")))]
fn main() -> std::process::ExitCode {
    eprintln!("the download example needs the client and the sharepoint API: cargo run -p graph-api --features client --example download");
    std::process::ExitCode::FAILURE
}

#[cfg(all(feature = "client", feature = "sharepoint"))]
fn main() -> std::process::ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let args: Vec<String> = std::env::args().skip(1).collect();
    common::block_on("download", run(&env, &args, &mut std::io::stdout()))
}

/// The steps for `args` (`REMOTE_PATH OUT_FILE`), configured by `env`, one
/// line each to `out`.
#[cfg(all(feature = "client", feature = "sharepoint"))]
pub async fn run(
    env: common::Env<'_>,
    args: &[String],
    out: &mut (dyn std::io::Write + Send),
) -> Result<(), common::StepError> {
    let [remote, local] = args else { return Err("usage: download REMOTE_PATH OUT_FILE".into()) };
    let client = common::client(env)?;
    let partial = format!("{local}.part");
    let mut file =
        std::fs::File::create(&partial).map_err(|e| format!("1. download failed: {partial}: {e}"))?;
    let written = client.download_to(DownloadDriveItemContent::me_by_path(remote), &mut file).await;
    let written = match written {
        Ok(written) => written,
        Err(error) => {
            drop(file);
            let _ = std::fs::remove_file(&partial);
            return Err(common::failed("1. download")(error));
        }
    };
    file.sync_all()
        .and_then(|()| std::fs::rename(&partial, local))
        .map_err(|e| format!("1. download failed: {local}: {e}"))?;
    writeln!(out, "1. downloaded {remote}: {written} bytes to {local}")?;
    Ok(())
}
