//! A typical first program on the generated crate: a client with a token,
//! one list request (the users), their names printed. The same task as
//! `../graph-rs-app`, for `scripts/compile-times.sh app`.

use graph_api::client::{Client, Token};
use graph_api::requests::user::ListUsers;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN").unwrap_or_default();
    let client = Client::new(Token::new(token))?;
    let page = client.send(ListUsers::users().select(&["displayName"])).await?;
    for user in &page.value {
        println!("{}", user.display_name.value().map_or("(no name)", String::as_str));
    }
    Ok(())
}
