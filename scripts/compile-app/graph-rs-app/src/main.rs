//! A typical first program on graph-rs-sdk: a client with a token, one list
//! request (the users), their names printed. The same task as
//! `../graph-api-app`, for `scripts/compile-times.sh app`.

use graph_rs_sdk::GraphClient;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN").unwrap_or_default();
    let client = GraphClient::new(token);
    let response = client.users().list_user().send().await?;
    let page: serde_json::Value = response.json().await?;
    for user in page["value"].as_array().into_iter().flatten() {
        println!("{}", user["displayName"].as_str().unwrap_or("(no name)"));
    }
    Ok(())
}
