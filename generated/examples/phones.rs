//! The phones API end to end over HTTP with the generated client: create a
//! phone, list all phones (every page), get, update and delete the new one.
//!
//! ```sh
//! GRAPH_TOKEN=... cargo run -p graph-api --features client --example phones
//! ```
//!
//! `GRAPH_BASE_URL` changes the service root (default
//! `https://graph.microsoft.com/v1.0`), `GRAPH_TIMEOUT_SECS` the timeout of
//! each attempt of a request (default 100 s). Each step prints one line with what
//! the server returned; if a step fails, the error goes to stderr, later
//! steps are skipped and the exit status is 1.

#[cfg(all(feature = "client", feature = "people"))]
use graph_api::{
    models::{ItemPhone, PhoneType},
    requests::{
        item_phone::{DeleteItemPhone, GetItemPhone, UpdateItemPhone},
        profile::{CreateItemPhone, ListPhones},
    },
    support::Field,
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
mod common;

#[cfg(all(feature = "client", feature = "people"))]
fn main() -> std::process::ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    common::block_on("phones", run(&env, &mut std::io::stdout()))
}

/// The five steps, configured by `env` (`GRAPH_BASE_URL`, `GRAPH_TOKEN`,
/// `GRAPH_TIMEOUT_SECS`),
/// one line each to `out`. Separate from `main` so that tests can run it
/// against a local server.
#[cfg(all(feature = "client", feature = "people"))]
pub async fn run(
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn std::io::Write,
) -> Result<(), common::StepError> {
    let client = common::client(env)?;
    let failed = common::failed;

    let create = CreateItemPhone::me().body_with(|phone| {
        phone.with_display_name("Car Phone").with_number("+7 499 342 22 13").with_type(PhoneType::Mobile)
    });
    let created = client.send(create).await.map_err(failed("1. create"))?;
    writeln!(out, "1. created {}", describe(&created))?;
    let id = created.id.value().ok_or("1. create failed: the server returned no id")?;

    let phones = client.collect_items(ListPhones::me()).await.map_err(failed("2. list"))?;
    let listed: Vec<String> = phones.iter().map(describe).collect();
    writeln!(out, "2. listed {} phones: {}", phones.len(), listed.join("; "))?;

    let fetched = client.send(GetItemPhone::me(id)).await.map_err(failed("3. get"))?;
    writeln!(out, "3. got {}", describe(&fetched))?;

    // Set one property and clear another: `Field::Null` is sent as `null`.
    let change = ItemPhone::default().with_display_name("Work Car Phone").with_number(Field::Null);
    let updated = client.send(UpdateItemPhone::me(id).body(&change)).await.map_err(failed("4. update"))?;
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
