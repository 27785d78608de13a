//! Delta queries: every page of changes to the `@odata.deltaLink` that
//! resumes them.

use futures_util::TryStreamExt as _;
use serde::de::DeserializeOwned;

use super::Client;
use crate::support::{Delta, DeltaPage, Error, Request};

/// The outcome of a delta query run to its end (see [`Client::sync`]).
#[derive(Clone, Debug, PartialEq)]
pub struct DeltaSync<T> {
    /// Every change, in the order the pages gave them.
    pub changes: Vec<Delta<T>>,
    /// Store it; `Request::from_link(&delta_link)` asks for the changes
    /// made after this sync.
    pub delta_link: String,
}

impl Client {
    /// Runs a delta query (the first request, or one made from a stored
    /// deltaLink with [`Request::from_link`]) through all its pages, each
    /// `@odata.nextLink` under the service root, to the `@odata.deltaLink`
    /// of the last page. For one page at a time use [`Client::pages`].
    pub async fn sync<T>(&self, request: Request<DeltaPage<T>>) -> Result<DeltaSync<T>, Error>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let mut changes = Vec::new();
        let mut delta_link = None;
        let mut pages = std::pin::pin!(self.pages(request));
        while let Some(page) = pages.try_next().await? {
            changes.extend(page.value);
            delta_link = page.delta_link;
        }
        let delta_link = delta_link.ok_or_else(|| {
            Error::InvalidRequest("the delta query ended without an @odata.deltaLink".to_owned())
        })?;
        Ok(DeltaSync { changes, delta_link })
    }
}
