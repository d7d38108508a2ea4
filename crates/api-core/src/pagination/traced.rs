//! The page stream's span: one per listing, parent of every page's call (spawned fetches
//! included), counting the pages and items handed to the consumer.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::FutureExt;
use futures::stream::{BoxStream, Stream, StreamExt};
use tracing::{Instrument, Span};

use super::{Page, PageFetcher};
use crate::Error;
use crate::telemetry;

/// Runs every fetch of `fetch` inside `span`, so that page calls made in spawned tasks
/// (prefetching, concurrency) still sit under the listing. Untouched when no one listens.
pub(super) fn fetch_within<T: Send + 'static>(
    span: &Span,
    fetch: PageFetcher<T>,
) -> PageFetcher<T> {
    if span.is_disabled() {
        return fetch;
    }
    let span = span.clone();
    Arc::new(move |cursor| fetch(cursor).instrument(span.clone()).boxed())
}

/// `pages` inside `span`, with the counts recorded as pages arrive.
pub(super) fn within<T: Send + 'static>(
    span: Span,
    pages: BoxStream<'static, Result<Page<T>, Error>>,
) -> BoxStream<'static, Result<Page<T>, Error>> {
    if span.is_disabled() {
        return pages;
    }
    Traced {
        span,
        pages,
        page_count: 0,
        item_count: 0,
    }
    .boxed()
}

struct Traced<T> {
    span: Span,
    pages: BoxStream<'static, Result<Page<T>, Error>>,
    page_count: u64,
    item_count: u64,
}

impl<T> Stream for Traced<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let _entered = this.span.enter();
        let polled = this.pages.poll_next_unpin(cx);
        match &polled {
            Poll::Ready(Some(Ok(page))) => {
                this.page_count += 1;
                this.item_count += page.items.len() as u64;
                this.span.record("api.page_count", this.page_count);
                this.span.record("api.item_count", this.item_count);
            }
            Poll::Ready(Some(Err(error))) => telemetry::record_error(&this.span, error),
            Poll::Ready(None) => {
                // A listing with no page at all still says so.
                this.span.record("api.page_count", this.page_count);
                this.span.record("api.item_count", this.item_count);
            }
            Poll::Pending => {}
        }
        polled
    }
}
