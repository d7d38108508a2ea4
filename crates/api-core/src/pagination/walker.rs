//! The sequential walk through a listing: fetch a page, decide what follows, apply the item cap.
//! Used as is for the lazy stream, and inside the spawned producer when prefetching.

use futures::stream::{self, BoxStream, StreamExt};

use super::advance::{self, Step};
use super::incomplete;
use super::item_cap::ItemCap;
use super::seen_tokens::SeenTokens;
use super::{Cursor, Page, PageFetcher, PageStyle};
use crate::Error;

/// What every mode of a listing needs, taken from the [`super::Paginator`].
pub(super) struct Settings<T> {
    pub(super) operation: &'static str,
    pub(super) style: PageStyle,
    pub(super) start: Cursor,
    pub(super) fetch: PageFetcher<T>,
    pub(super) max_items: Option<u64>,
}

/// Walks a listing one page after another.
pub(super) struct Walker<T> {
    operation: &'static str,
    style: PageStyle,
    fetch: PageFetcher<T>,
    /// The cursor to fetch next; `None` once the listing ended, was capped or failed.
    next: Option<Cursor>,
    cap: ItemCap,
    seen: SeenTokens,
    /// How many pages were fetched so far: the index of the next one.
    fetched: u64,
    /// The error to end the walk with after the page just yielded.
    failed: Option<Error>,
}

impl<T: Send + 'static> Walker<T> {
    pub(super) fn new(settings: Settings<T>) -> Self {
        let mut seen = SeenTokens::default();
        if let Cursor::Token(token) = &settings.start
            && !token.is_empty()
        {
            seen.insert(token);
        }
        Walker {
            operation: settings.operation,
            style: settings.style,
            fetch: settings.fetch,
            next: Some(settings.start),
            cap: ItemCap::new(settings.max_items),
            seen,
            fetched: 0,
            failed: None,
        }
    }

    /// The operation the listing belongs to, for errors raised around the walk.
    pub(super) fn operation(&self) -> &'static str {
        self.operation
    }

    /// The next page with items, an error (after which the walk is over), or `None` at the end.
    pub(super) async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        if let Some(error) = self.failed.take() {
            return Some(Err(error));
        }
        loop {
            if self.cap.is_reached() {
                return None;
            }
            let cursor = self.next.take()?;
            let raw = match (self.fetch)(cursor.clone()).await {
                Ok(raw) => raw,
                Err(error) => return Some(Err(error)),
            };
            let index = self.fetched;
            self.fetched += 1;
            let step = match advance::sequential(
                self.operation,
                self.style,
                &cursor,
                &raw,
                &mut self.seen,
            ) {
                Ok(step) => step,
                Err(error) => return Some(Err(error)),
            };
            let stuck = match step {
                Step::Stuck { missing } => Some(incomplete::error(
                    self.operation,
                    index,
                    cursor.clone(),
                    missing,
                    &raw,
                )),
                _ => None,
            };
            let mut items = raw.items;
            let capped = self.cap.take(&mut items);
            self.next = if capped { None } else { step.into_cursor() };
            // A listing cut short by the server is an error, unless the cap was reached anyway.
            // The page's own records are yielded first: they were read, only what follows is
            // missing.
            if !capped && let Some(error) = stuck {
                if items.is_empty() {
                    return Some(Err(error));
                }
                self.failed = Some(error);
            }
            // An empty page that does not end the listing (a token page can be empty) is
            // skipped rather than yielded.
            if !items.is_empty() {
                let next = self.next.clone();
                return Some(Ok(Page {
                    items,
                    cursor,
                    next,
                }));
            }
        }
    }

    /// The walk as a lazy stream: each page is fetched when the consumer polls for it. Fused,
    /// because `unfold` must not be polled again after it ended.
    pub(super) fn into_stream(self) -> BoxStream<'static, Result<Page<T>, Error>> {
        stream::unfold(self, |mut walker| async move {
            let page = walker.next_page().await?;
            Some((page, walker))
        })
        .fuse()
        .boxed()
    }
}
