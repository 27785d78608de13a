//! Signing in with the Azure SDK for Rust (cargo feature `azure-identity`):
//! any `azure_core` [`TokenCredential`], such as the `azure_identity`
//! crate's `ClientSecretCredential`, `ManagedIdentityCredential` or
//! `DeveloperToolsCredential`, as a [`TokenSource`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use azure_core::cloud::CloudConfiguration;
use azure_core::credentials::TokenCredential;

use super::token_cache::{ExpiringToken, TokenCache, DEFAULT_REFRESH_MARGIN};
use super::{TokenFuture, TokenSource};
use crate::support::Cloud;

/// A [`TokenSource`] asking a [`TokenCredential`] for a token to the
/// cloud's Graph (scope [`Cloud::scope`], e.g.
/// `https://graph.microsoft.com/.default`) and reusing it until
/// [`DEFAULT_REFRESH_MARGIN`] before it expires, one refresh at a time, so
/// the credential is not asked before every request. A credential error is
/// the request's [`Error::Token`](crate::support::Error::Token).
///
/// The credential must sign in at the same cloud's authority (for
/// `azure_identity`, its options' `client_options.cloud`, see
/// [`Cloud::azure_cloud`]) and the client must send to that cloud
/// ([`ClientBuilder::cloud`](super::ClientBuilder::cloud)).
pub struct AzureIdentity {
    credential: Arc<dyn TokenCredential>,
    cloud: Cloud,
    cache: TokenCache,
}

impl AzureIdentity {
    /// Tokens from `credential` for the global service.
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        AzureIdentity { credential, cloud: Cloud::Global, cache: TokenCache::new(DEFAULT_REFRESH_MARGIN) }
    }

    /// Tokens for `cloud`'s Graph instead (its `.default` scope).
    #[must_use]
    pub fn with_cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self.cache = TokenCache::new(self.cache.margin());
        self
    }

    /// How long before expiry a token is replaced (default
    /// [`DEFAULT_REFRESH_MARGIN`]).
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.cache = TokenCache::new(margin);
        self
    }

    /// The cloud tokens are asked for.
    pub fn cloud(&self) -> Cloud {
        self.cloud
    }
}

impl TokenSource for AzureIdentity {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.get(move || async move {
            let access = self.credential.get_token(&[self.cloud.scope()], None).await?;
            let expires_at = system_time(access.expires_on.unix_timestamp());
            Ok(ExpiringToken::new(access.token.secret(), expires_at))
        }))
    }
}

/// Seconds since the epoch as a `SystemTime`; one out of range is taken as
/// already expired, so that it is fetched again rather than trusted.
fn system_time(unix_seconds: i64) -> SystemTime {
    u64::try_from(unix_seconds)
        .ok()
        .and_then(|seconds| UNIX_EPOCH.checked_add(Duration::from_secs(seconds)))
        .unwrap_or(UNIX_EPOCH)
}

impl fmt::Debug for AzureIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credential's own `Debug` may show a client id or more.
        f.debug_struct("AzureIdentity")
            .field("cloud", &self.cloud)
            .field("refresh_margin", &self.cache.margin())
            .finish_non_exhaustive()
    }
}

impl Cloud {
    /// The `azure_core` cloud whose authority an `azure_identity`
    /// credential must sign in at for this Graph (set as its options'
    /// `client_options.cloud`): both US Government clouds are
    /// `AzureGovernment`.
    pub fn azure_cloud(self) -> CloudConfiguration {
        match self {
            Cloud::Global => CloudConfiguration::AzurePublic,
            Cloud::UsGovL4 | Cloud::UsGovL5 => CloudConfiguration::AzureGovernment,
            Cloud::China => CloudConfiguration::AzureChina,
        }
    }
}
