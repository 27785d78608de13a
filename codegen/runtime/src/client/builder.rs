//! Configuring a [`Client`]: base URL, retries, the reqwest client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{transport, Client, RetryPolicy, TokenSource, DEFAULT_BASE_URL};
use crate::support::{Cloud, Error};

impl Client {
    /// A client to configure: base URL, retries, the reqwest client.
    pub fn builder(token: impl TokenSource + 'static) -> ClientBuilder {
        ClientBuilder {
            token: Arc::new(token),
            base_url: DEFAULT_BASE_URL.to_owned(),
            retry: RetryPolicy::default(),
            http: None,
        }
    }
}

/// Configures a [`Client`]; made by [`Client::builder`].
pub struct ClientBuilder {
    token: Arc<dyn TokenSource>,
    base_url: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The service root, e.g. `https://graph.microsoft.us/v1.0` for a
    /// national cloud, `.../beta`, or a test server.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sends to `cloud`'s Graph v1.0 (e.g. `https://graph.microsoft.us/v1.0`),
    /// replacing the base URL; for beta, `.base_url(cloud.base_url("beta"))`.
    /// The token source must ask for the same cloud's scope, tokens of one
    /// cloud being refused by the others.
    #[must_use]
    pub fn cloud(self, cloud: Cloud) -> Self {
        self.base_url(cloud.base_url("v1.0"))
    }

    /// When to retry (default: [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A reqwest client of your own, for proxies, timeouts or a shared
    /// connection pool. Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`: the client follows
    /// a GET's redirects itself, without the token, but one that reqwest
    /// follows first keeps the token when it stays on the same host (a
    /// download URL on the service's host would get it).
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The reqwest client [`ClientBuilder::build`] makes when given none:
    /// no redirects (the client follows them without the token), a connect
    /// timeout (visible to the crate for the runtime's unit tests).
    pub(crate) fn default_http() -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
    }

    /// Checks the base URL and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let uri = self.base_url.parse::<http::Uri>().ok();
        let usable = uri.as_ref().is_some_and(|uri| {
            matches!(uri.scheme_str(), Some("http" | "https"))
                && uri.authority().is_some()
                && uri.query().is_none()
        });
        if !usable {
            let message = format!("base URL {:?} is not an http(s) URL without query", self.base_url);
            return Err(Error::InvalidRequest(message));
        }
        let http = match self.http {
            Some(http) => http,
            None => ClientBuilder::default_http().build().map_err(transport)?,
        };
        Ok(Client {
            http,
            base_url: self.base_url.trim_end_matches('/').into(),
            token: self.token,
            retry: self.retry,
        })
    }
}
