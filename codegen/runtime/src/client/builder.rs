//! Configuring a [`Client`]: base URL, retries, the reqwest client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use rustls_platform_verifier::BuilderVerifierExt as _;

use super::{transport, Client, RetryPolicy, TokenSource, DEFAULT_BASE_URL, DEFAULT_TIMEOUT};
use crate::support::{Cloud, Error};

impl Client {
    /// A client to configure: base URL, retries, the reqwest client.
    pub fn builder(token: impl TokenSource + 'static) -> ClientBuilder {
        ClientBuilder {
            token: Arc::new(token),
            base_url: DEFAULT_BASE_URL.to_owned(),
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            http: None,
        }
    }

    /// The reqwest client builder [`ClientBuilder::build`] starts from when
    /// given none, to add proxies, timeouts or a pool of your own before
    /// [`ClientBuilder::http_client`]: TLS by rustls with the *ring*
    /// provider and the platform's certificate verifier, no redirects (the
    /// client follows a GET's without the token), a 30 s connect timeout.
    ///
    /// Its TLS configuration is made here, so no process-wide rustls
    /// provider is needed; `reqwest::Client::builder()` alone has no
    /// provider in this crate and panics at `build` unless one was installed
    /// (`rustls::crypto::ring::default_provider().install_default()`).
    /// Fails when the platform has no root certificates.
    pub fn http_builder() -> Result<reqwest::ClientBuilder, Error> {
        Ok(reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none()))
    }
}

/// What reqwest's own rustls configuration is, with *ring*: TLS 1.2 and
/// 1.3, the platform's verifier and roots, HTTP/1.1 by ALPN (reqwest is
/// built without HTTP/2).
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let tls = |error: rustls::Error| Error::Transport(Box::new(error));
    // rustls 0.23.48 deprecates the *ring* provider: it has no post-quantum
    // key exchange. aws-lc-rs has, but needs a C toolchain and cmake, which
    // the compile-time figures ruled out (README, "Cargo features"); until *ring* or
    // a pure-Rust provider has it, *ring* it is.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls)?
        .with_platform_verifier()
        .map_err(tls)?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Configures a [`Client`]; made by [`Client::builder`].
pub struct ClientBuilder {
    token: Arc<dyn TokenSource>,
    base_url: String,
    retry: RetryPolicy,
    timeout: Duration,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
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

    /// How long each attempt of a request may take, to the end of its
    /// response body (default [`DEFAULT_TIMEOUT`], 100 s; a download's
    /// bounds each chunk instead); [`Request::timeout`] overrides it for
    /// one request. Past it the attempt is dropped: an idempotent request
    /// is sent again as the retry policy allows, any other returns
    /// [`Error::Timeout`]. The connect timeout (30 s) stays apart.
    ///
    /// [`Request::timeout`]: crate::support::Request::timeout
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// A reqwest client of your own, for proxies, timeouts or a shared
    /// connection pool: start from [`Client::http_builder`], which has the
    /// TLS configuration and no redirects. Built otherwise, it needs
    /// `.redirect(reqwest::redirect::Policy::none())`: the client follows
    /// a GET's redirects itself, without the token, but one that reqwest
    /// follows first keeps the token when it stays on the same host (a
    /// download URL on the service's host would get it).
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
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
            None => Client::http_builder()?.build().map_err(transport)?,
        };
        Ok(Client {
            http,
            base_url: self.base_url.trim_end_matches('/').into(),
            token: self.token,
            retry: self.retry,
            timeout: self.timeout,
        })
    }
}
