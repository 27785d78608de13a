//! The phones API end to end over HTTP with the generated client: create a
//! phone, list all phones (every page), get, update and delete the new one.
//!
//! ```sh
//! GRAPH_TOKEN=... cargo run -p graph-api --features client --example phones
//! ```
//!
//! `GRAPH_BASE_URL` changes the service root (default
//! `https://graph.microsoft.com/v1.0`). Each step prints one line with what
//! the server returned; if a step fails, the error goes to stderr, later
//! steps are skipped and the exit status is 1.

#[cfg(all(feature = "client", feature = "people"))]
use graph_api::{
    client::{Client, Token, DEFAULT_BASE_URL},
    models::{ItemPhone, PhoneType},
    requests::{
        item_phone::{DeleteItemPhone, GetItemPhone, UpdateItemPhone},
        profile::{CreateItemPhone, ListPhones},
    },
    support::{Error, Field},
};

#[cfg(not(all(feature = "client", feature = "people")))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "the phones example needs the client and the people API (both in the default features plus `client`): \
         cargo run -p graph-api --features client --example phones"
    );
    std::process::ExitCode::FAILURE
}

#[cfg(all(feature = "client", feature = "people"))]
fn main() -> std::process::ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let result = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(run(&env, &mut std::io::stdout())),
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("phones: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The five steps, configured by `env` (`GRAPH_BASE_URL`, `GRAPH_TOKEN`),
/// one line each to `out`. Separate from `main` so that tests can run it
/// against a local server.
#[cfg(all(feature = "client", feature = "people"))]
pub async fn run(
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn std::io::Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let base_url = env("GRAPH_BASE_URL").unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let token = env("GRAPH_TOKEN").ok_or("set GRAPH_TOKEN to an access token")?;
    let client = Client::builder(Token::new(token)).base_url(base_url).build()?;
    let failed = |step: &'static str| move |error: Error| format!("{step} failed: {}", with_causes(&error));

    let mut phone = ItemPhone::default();
    phone.display_name = "Car Phone".to_owned().into();
    phone.number = "+7 499 342 22 13".to_owned().into();
    phone.r#type = PhoneType::Mobile.into();
    let created = client.send(CreateItemPhone::me(&phone)).await.map_err(failed("1. create"))?;
    writeln!(out, "1. created {}", describe(&created))?;
    let id = created.id.value().ok_or("1. create failed: the server returned no id")?;

    let phones = client.collect_items(ListPhones::me()).await.map_err(failed("2. list"))?;
    let listed: Vec<String> = phones.iter().map(describe).collect();
    writeln!(out, "2. listed {} phones: {}", phones.len(), listed.join("; "))?;

    let fetched = client.send(GetItemPhone::me(id)).await.map_err(failed("3. get"))?;
    writeln!(out, "3. got {}", describe(&fetched))?;

    let mut change = ItemPhone::default();
    change.display_name = "Work Car Phone".to_owned().into();
    change.number = Field::Null;
    let updated = client.send(UpdateItemPhone::me(id, &change)).await.map_err(failed("4. update"))?;
    writeln!(out, "4. updated {}", describe(&updated))?;

    client.send(DeleteItemPhone::me(id)).await.map_err(failed("5. delete"))?;
    writeln!(out, "5. deleted phone {}", show(&created.id))?;
    Ok(())
}

/// The fields the steps are about, as JSON values (`null` when not sent).
#[cfg(all(feature = "client", feature = "people"))]
fn describe(phone: &ItemPhone) -> String {
    format!(
        "phone id={} displayName={} number={} type={}",
        show(&phone.id),
        show(&phone.display_name),
        show(&phone.number),
        show(&phone.r#type)
    )
}

#[cfg(all(feature = "client", feature = "people"))]
fn show<T: serde::Serialize>(field: &Field<T>) -> String {
    serde_json::to_string(field).unwrap_or_default()
}

/// The error and its causes, e.g. why a connection could not be made.
#[cfg(all(feature = "client", feature = "people"))]
fn with_causes(error: &dyn std::error::Error) -> String {
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
