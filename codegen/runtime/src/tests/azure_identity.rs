//! `AzureIdentity` with a `TokenCredential` of the tests' own: the scope it
//! is asked for, how often, and the token on the wire.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::error::ErrorKind;
use azure_core::time::{Duration, OffsetDateTime};
use futures_util::future::join_all;
use http::Method;

use super::loopback::{Canned, Server};
use crate::client::{AzureIdentity, Client, Cloud, RetryPolicy, Token, TokenSource};
use crate::support::{Error, JsonObject, Request, ResponseKind};

/// Counts its calls and records the scopes of each; the n-th call gives
/// `azure-token-{n}`, valid for `lifetime`, or fails.
#[derive(Debug)]
struct Credential {
    lifetime: Duration,
    fails: bool,
    calls: AtomicUsize,
    scopes: Mutex<Vec<Vec<String>>>,
}

impl Credential {
    fn valid_for(lifetime: Duration) -> Arc<Credential> {
        Arc::new(Credential { lifetime, fails: false, calls: AtomicUsize::new(0), scopes: Mutex::default() })
    }

    fn failing() -> Arc<Credential> {
        Arc::new(Credential {
            fails: true,
            ..Arc::into_inner(Credential::valid_for(Duration::ZERO)).unwrap()
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn scopes(&self) -> Vec<Vec<String>> {
        self.scopes.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl TokenCredential for Credential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        self.scopes.lock().unwrap().push(scopes.iter().map(|s| (*s).to_owned()).collect());
        // Lets concurrent requests run into the refresh under way.
        tokio::task::yield_now().await;
        if self.fails {
            return Err(azure_core::Error::with_message(ErrorKind::Credential, "no account signed in"));
        }
        Ok(AccessToken::new(format!("azure-token-{n}"), OffsetDateTime::now_utc() + self.lifetime))
    }
}

fn identity(credential: &Arc<Credential>) -> AzureIdentity {
    AzureIdentity::new(credential.clone())
}

async fn tokens(source: &AzureIdentity, count: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    for _ in 0..count {
        tokens.push(source.token().await.unwrap());
    }
    tokens
}

#[tokio::test]
async fn the_scope_asked_for_is_the_clouds_default() {
    for cloud in Cloud::ALL {
        let credential = Credential::valid_for(Duration::hours(1));
        let source = identity(&credential).with_cloud(cloud);
        assert_eq!(source.cloud(), cloud);
        source.token().await.unwrap();
        assert_eq!(credential.scopes(), [[cloud.scope()]], "{cloud:?}");
    }
    let credential = Credential::valid_for(Duration::hours(1));
    identity(&credential).token().await.unwrap();
    assert_eq!(credential.scopes(), [["https://graph.microsoft.com/.default"]]);
}

#[tokio::test]
async fn a_token_valid_for_an_hour_is_fetched_once_for_many_requests() {
    let credential = Credential::valid_for(Duration::hours(1));
    let source = identity(&credential);
    assert_eq!(tokens(&source, 25).await, vec![Token::from("azure-token-1"); 25]);
    assert_eq!(credential.calls(), 1);
}

#[tokio::test]
async fn a_token_expiring_within_the_margin_is_refreshed() {
    let credential = Credential::valid_for(Duration::minutes(4));
    let source = identity(&credential);
    let expected: Vec<Token> = ["azure-token-1", "azure-token-2", "azure-token-3"].map(Token::from).into();
    assert_eq!(tokens(&source, 3).await, expected);
    assert_eq!(credential.calls(), 3);

    // A margin of three minutes keeps a four-minute token.
    let credential = Credential::valid_for(Duration::minutes(4));
    let source = identity(&credential).refresh_margin(std::time::Duration::from_secs(180));
    assert_eq!(tokens(&source, 3).await, vec![Token::from("azure-token-1"); 3]);
    assert_eq!(credential.calls(), 1);
}

#[tokio::test]
async fn concurrent_requests_trigger_one_fetch() {
    let credential = Credential::valid_for(Duration::hours(1));
    let source = identity(&credential);
    let all = join_all((0..16).map(|_| source.token())).await;
    assert!(all.into_iter().all(|token| token.unwrap() == Token::from("azure-token-1")));
    assert_eq!(credential.calls(), 1);
}

fn client(source: AzureIdentity, server: &Server) -> Client {
    // No proxy from the environment: the server is on loopback.
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let builder = Client::builder(source).base_url(server.url()).http_client(http);
    builder.retry(RetryPolicy::none()).build().unwrap()
}

fn me() -> Request<JsonObject> {
    Request::new(Method::GET, "/me".into(), 200, ResponseKind::Json)
}

#[tokio::test]
async fn a_credential_error_is_error_token_and_nothing_is_sent() {
    let server = Server::start();
    let credential = Credential::failing();
    let client = client(identity(&credential), &server);
    for _ in 0..2 {
        let Err(Error::Token(source)) = client.send(me()).await else { panic!("not a token error") };
        assert!(source.to_string().contains("no account signed in"), "{source}");
    }
    assert_eq!(credential.calls(), 2, "a failure is not cached");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn the_bearer_header_carries_the_credentials_token() {
    let server = Server::start();
    let credential = Credential::valid_for(Duration::hours(1));
    let client = client(identity(&credential).with_cloud(Cloud::UsGovL4), &server);
    for _ in 0..3 {
        server.reply(Canned::new(200, r#"{"id":"1"}"#));
        client.send(me()).await.unwrap();
    }
    let received = server.received();
    assert_eq!(received.len(), 3);
    assert!(received.iter().all(|r| r.header("authorization") == Some("Bearer azure-token-1")));
    assert_eq!((credential.calls(), credential.scopes()), (1, vec![vec![Cloud::UsGovL4.scope().to_owned()]]));
}

#[test]
fn nothing_of_the_credential_is_printed() {
    let credential = Credential::valid_for(Duration::hours(1));
    let text = format!("{:?}", identity(&credential).with_cloud(Cloud::China));
    assert_eq!(text, "AzureIdentity { cloud: China, refresh_margin: 300s, .. }");
}

#[test]
fn each_cloud_signs_in_at_its_azure_cloud() {
    use azure_core::cloud::CloudConfiguration;
    let azure: Vec<_> = Cloud::ALL.iter().map(|cloud| cloud.azure_cloud()).collect();
    assert_eq!(
        azure,
        [
            CloudConfiguration::AzurePublic,
            CloudConfiguration::AzureGovernment,
            CloudConfiguration::AzureGovernment,
            CloudConfiguration::AzureChina,
        ]
    );
}
