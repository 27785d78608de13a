//! Collections: following `@odata.nextLink` from the first page to the last.

use futures_util::stream::{self, Stream, TryStreamExt as _};
use serde::de::DeserializeOwned;

use super::Client;
use crate::support::{Error, Page, Request};

impl Client {
    /// Every page of a collection, `request` first, then each
    /// `@odata.nextLink` until a page has none. The stream ends after the
    /// first error.
    pub fn pages<T>(&self, request: Request<Page<T>>) -> impl Stream<Item = Result<Page<T>, Error>> + Send
    where
        T: DeserializeOwned + Send + 'static,
    {
        let client = self.clone();
        stream::try_unfold(Some(request), move |next| {
            let client = client.clone();
            async move {
                let Some(request) = next else { return Ok(None) };
                let page = client.execute(&request).await?.into_inner();
                let after = request.next_page(&page);
                if after.as_ref().is_some_and(|after| after.path() == request.path()) {
                    let message = format!("the page at {} links to itself", request.path());
                    return Err(Error::InvalidRequest(message));
                }
                Ok(Some((page, after)))
            }
        })
    }

    /// Every item of a collection, across all its pages (see [`Client::pages`]).
    pub fn items<T>(&self, request: Request<Page<T>>) -> impl Stream<Item = Result<T, Error>> + Send
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.pages(request).map_ok(|page| stream::iter(page.value.into_iter().map(Ok))).try_flatten()
    }

    /// All items of a collection in one `Vec` (see [`Client::items`]).
    pub async fn collect_items<T>(&self, request: Request<Page<T>>) -> Result<Vec<T>, Error>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.items(request).try_collect().await
    }
}
