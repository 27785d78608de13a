//! `Client::sync` and `Client::pages` on a delta query over loopback HTTP:
//! every page to the deltaLink, resuming from a stored one, a foreign
//! nextLink refused.

use http::Method;
use serde_json::json;

use super::loopback::{Canned, Server};
use super::ItemPhone;
use crate::client::{Client, RetryPolicy, Token};
use crate::support::{Delta, DeltaPage, Error, Request, ResponseKind};

fn client(server: &Server) -> Client {
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let builder = Client::builder(Token::new("delta-5ecret")).base_url(server.url());
    builder.retry(RetryPolicy::none()).http_client(http).build().unwrap()
}

fn delta() -> Request<DeltaPage<ItemPhone>> {
    Request::new(Method::GET, "/phones/delta".to_owned(), 200, ResponseKind::Json)
}

#[tokio::test]
async fn a_sync_reads_every_page_to_the_delta_link_and_resumes_from_it() {
    let server = Server::start();
    let root = server.url();
    let next = format!("{root}/phones/delta?$skiptoken=p2");
    let delta_link = format!("{root}/phones/delta?$deltatoken=d1");
    server.reply(Canned::new(200, json!({ "value": [{ "id": "1" }], "@odata.nextLink": next }).to_string()));
    server.reply(Canned::new(
        200,
        json!({ "value": [{ "id": "2", "@removed": { "reason": "deleted" } }], "@odata.deltaLink": delta_link })
            .to_string(),
    ));
    let client = client(&server);
    let sync = client.sync(delta().select(&["displayName"])).await.unwrap();
    assert_eq!(sync.delta_link, delta_link);
    assert!(matches!(&sync.changes[0], Delta::Changed(phone) if phone.additional_properties["id"] == "1"));
    assert_eq!(sync.changes[1].removed().and_then(|r| r.id.as_deref()), Some("2"));

    // Later: resume from the stored link, as sent by the service.
    server.reply(Canned::new(200, json!({ "value": [], "@odata.deltaLink": delta_link }).to_string()));
    let resumed = client.sync(Request::<DeltaPage<ItemPhone>>::from_link(&sync.delta_link)).await.unwrap();
    assert!(resumed.changes.is_empty());
    let sent: Vec<String> = server.received().iter().map(|r| r.path_and_query.clone()).collect();
    assert_eq!(
        sent,
        [
            "/v1.0/phones/delta?$select=displayName",
            "/v1.0/phones/delta?$skiptoken=p2",
            "/v1.0/phones/delta?$deltatoken=d1"
        ]
    );
}

#[tokio::test]
async fn a_sync_stops_at_a_foreign_next_link_and_at_a_missing_delta_link() {
    let server = Server::start();
    let other = Server::start();
    let client = client(&server);
    let foreign = format!("{}/phones/delta?$skiptoken=p2", other.url());
    server.reply(Canned::new(200, json!({ "value": [], "@odata.nextLink": foreign }).to_string()));
    let Err(Error::InvalidRequest(message)) = client.sync(delta()).await else { panic!("followed") };
    assert!(message.contains("not under the service root"), "{message}");
    assert!(other.received().is_empty());

    server.reply(Canned::new(200, json!({ "value": [] }).to_string()));
    let Err(Error::InvalidRequest(message)) = client.sync(delta()).await else { panic!("no delta link") };
    assert!(message.contains("deltaLink"), "{message}");
}
