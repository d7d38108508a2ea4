//! Paginated listings as lazy, cancellable streams.
//!
//! One mechanism serves the styles APIs use ([`PageStyle`]): offset and limit with a more-results
//! flag, an opaque next-page token, offset or token (whichever the page offers), and page numbers
//! until a short page. The API
//! crate supplies a [`PageFetcher`] that turns a [`Cursor`] into a request and reads its own
//! envelope into a [`RawPage`]; this module decides what to fetch next, when to stop, and when the
//! server's cursors cannot be trusted ([`Error::Pagination`] rather than an endless loop).
//!
//! A listing never ends silently while the server says there is more: a page with
//! `more_results == Some(true)` either holds a continuation its style can read, or the stream ends
//! with [`Error::ListingIncomplete`] (after that page's records), keeping the page's evidence.

mod abort_on_drop;
mod advance;
mod bare_list;
mod concurrent;
mod incomplete;
mod item_cap;
mod prefetch;
mod seen_tokens;
mod traced;
mod walker;

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::telemetry::{PagesFields, Spans};
use crate::{ApiInfo, Bytes, Error};

/// Where a page starts, in the terms of the listing's [`PageStyle`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cursor {
    /// The number of records to skip ([`PageStyle::Offset`] and [`PageStyle::OffsetOrToken`]).
    Offset(u64),
    /// The token the previous page handed out ([`PageStyle::Token`] and
    /// [`PageStyle::OffsetOrToken`]). In a token listing it is empty for the first page, which the
    /// fetcher should request without a token.
    Token(String),
    /// The page number, counted from 1 ([`PageStyle::PageNumber`]).
    Page(u32),
}

impl Cursor {
    /// Where a [`PageStyle::OffsetOrToken`] listing starts when the caller may have pointed it
    /// somewhere: at `token` when there is one (an empty token counts as none), else at `offset`,
    /// else at offset 0.
    ///
    /// ```
    /// use api_core::Cursor;
    ///
    /// assert_eq!(Cursor::token_or_offset(Some("t-9".to_owned()), Some(50)), Cursor::Token("t-9".to_owned()));
    /// assert_eq!(Cursor::token_or_offset(None, Some(50)), Cursor::Offset(50));
    /// assert_eq!(Cursor::token_or_offset(Some(String::new()), None), Cursor::Offset(0));
    /// ```
    pub fn token_or_offset(token: Option<String>, offset: Option<u64>) -> Cursor {
        match token.filter(|token| !token.is_empty()) {
            Some(token) => Cursor::Token(token),
            None => Cursor::Offset(offset.unwrap_or(0)),
        }
    }
}

/// How a listing pages, and so how the next cursor is found and when the listing ends.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// Offset and limit. Ends on `more_results == Some(false)` or an empty page. The next offset is
    /// the page's `next_offset`, else the offset plus the number of items; a next offset that
    /// does not advance is an error. An empty page that claims more results goes on only at a
    /// `next_offset` past it; without one the listing is incomplete.
    Offset {
        /// The page size the fetcher requests; used to predict offsets for
        /// [`Paginator::concurrency`] and to fetch no more pages than [`Paginator::max_items`]
        /// needs. At least 1.
        limit: u32,
    },
    /// An opaque next-page token. Ends when the page has no next token (or an empty one), or says
    /// `more_results == Some(false)`; a token that was already followed is an error. A page that
    /// claims more results without a token makes the listing incomplete.
    Token,
    /// Page numbers from 1. Ends on `more_results == Some(false)`, or, when the page does not say,
    /// on a page shorter than `page_size` (an empty one included). A page that claims more results
    /// is followed by the next page number even when short: the next page is always known.
    PageNumber {
        /// The number of items on a full page. At least 1.
        page_size: u32,
    },
    /// An API that takes either an offset or the previous page's token, never both. The next
    /// cursor is [`Cursor::Token`] when the page carries a next token, else [`Cursor::Offset`]:
    /// the page's `next_offset`, or (after a page fetched at an offset) the offset plus the number
    /// of items. Ends on `more_results == Some(false)`, or on a page without a next token that is
    /// empty or gives no offset to go on from. A token that was already followed, or an offset
    /// that does not advance past the one just fetched, is an error; a page that claims more
    /// results with nothing to go on from makes the listing incomplete.
    ///
    /// The first cursor is offset 0; the fetcher sends the parameter that matches the cursor
    /// (the offset or the token) and leaves the other out. Such listings cannot predict their next
    /// cursor, so they are fetched one page after another (see [`Paginator::prefetch`]).
    OffsetOrToken,
}

impl PageStyle {
    /// The cursor of a listing's first page: offset 0, no token, or page 1.
    pub fn first_cursor(&self) -> Cursor {
        match self {
            PageStyle::Offset { .. } | PageStyle::OffsetOrToken => Cursor::Offset(0),
            PageStyle::Token => Cursor::Token(String::new()),
            PageStyle::PageNumber { .. } => Cursor::Page(1),
        }
    }
}

/// One page as the server sent it; the API crate fills it from its own envelope. Fields the
/// envelope does not carry stay `None`.
#[derive(Debug)]
pub struct RawPage<T> {
    /// The records on this page (an absent or `null` list is empty).
    pub items: Vec<T>,
    /// Whether the server says more records follow.
    pub more_results: Option<bool>,
    /// The offset the server says to request next ([`PageStyle::Offset`] and
    /// [`PageStyle::OffsetOrToken`]).
    pub next_offset: Option<u64>,
    /// The token to request the next page with ([`PageStyle::Token`] and
    /// [`PageStyle::OffsetOrToken`]).
    pub next_token: Option<String>,
    /// The page's raw body, kept as evidence for [`Error::ListingIncomplete`] (only a bounded
    /// snippet of it goes into the error); empty when the fetcher keeps none.
    pub body: Bytes,
}

impl<T> RawPage<T> {
    /// A page holding `items` and nothing else.
    pub fn new(items: Vec<T>) -> Self {
        RawPage {
            items,
            more_results: None,
            next_offset: None,
            next_token: None,
            body: Bytes::new(),
        }
    }
}

// Written by hand: the derive would demand `T: Default`.
impl<T> Default for RawPage<T> {
    fn default() -> Self {
        RawPage::new(Vec::new())
    }
}

/// One page as a [`Paginator`] yields it. Pages without items are not yielded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The records on this page (cut short on the last page when [`Paginator::max_items`] is set).
    pub items: Vec<T>,
    /// The cursor this page was fetched with.
    pub cursor: Cursor,
    /// The cursor of the page that follows, or `None` when this page is the last one yielded. It
    /// can resume the listing later with a new [`Paginator`].
    pub next: Option<Cursor>,
}

/// Fetches the page at a cursor: the API crate builds the request, sends it and reads its
/// envelope. Called once per page; in the prefetching and concurrent modes the returned future is
/// run in a spawned tokio task.
pub type PageFetcher<T> =
    Arc<dyn Fn(Cursor) -> BoxFuture<'static, Result<RawPage<T>, Error>> + Send + Sync>;

/// A paginated listing, to be turned into a stream of [`pages`](Paginator::pages) or
/// [`items`](Paginator::items).
///
/// One mechanism serves every [`PageStyle`]. The API crate's [`PageFetcher`] turns a
/// [`Cursor`] into a request and reads its own envelope into a [`RawPage`]; the paginator decides
/// what to fetch next and when to stop, and ends with [`Error::Pagination`] when the server's
/// cursors cannot be trusted (a token handed out twice, an offset that does not advance) rather
/// than paging forever, and with [`Error::ListingIncomplete`] when a page claims more results
/// but holds no continuation, rather than ending early as if complete.
///
/// The streams are lazy (nothing is requested before the first poll), yield a `Result` per
/// element, end after the first error, and cancel what is in flight when dropped. By default a
/// page is fetched only when the consumer asks for it; [`prefetch`](Paginator::prefetch) and
/// [`concurrency`](Paginator::concurrency) fetch ahead in spawned tokio tasks, so they need a
/// tokio runtime.
///
/// ```
/// use std::sync::Arc;
/// use api_core::{Cursor, PageFetcher, PageStyle, Paginator, RawPage};
/// use futures::{FutureExt, TryStreamExt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), api_core::Error> {
/// // Stands in for an HTTP call: 7 records, served 3 at a time.
/// let fetch: PageFetcher<u32> = Arc::new(|cursor: Cursor| {
///     async move {
///         let offset = match cursor { Cursor::Offset(offset) => offset, _ => 0 };
///         let items: Vec<u32> = (offset as u32..7).take(3).collect();
///         let more = offset + (items.len() as u64) < 7;
///         Ok(RawPage { items, more_results: Some(more), ..RawPage::default() })
///     }
///     .boxed()
/// });
/// let style = PageStyle::Offset { limit: 3 };
/// let all: Vec<u32> = Paginator::new("list_numbers", style, style.first_cursor(), fetch)
///     .items()
///     .try_collect()
///     .await?;
/// assert_eq!(all, vec![0, 1, 2, 3, 4, 5, 6]);
/// # Ok(())
/// # }
/// ```
#[must_use = "a paginator does nothing until pages() or items() is polled"]
pub struct Paginator<T> {
    operation: &'static str,
    style: PageStyle,
    start: Cursor,
    fetch: PageFetcher<T>,
    prefetch: usize,
    concurrency: usize,
    max_items: Option<u64>,
    api: Option<&'static str>,
    spans: &'static Spans,
}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &self.operation)
            .field("style", &self.style)
            .field("prefetch", &self.prefetch)
            .field("concurrency", &self.concurrency)
            .field("max_items", &self.max_items)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Paginator<T> {
    /// A listing of `operation` (the name errors carry) in `style`, starting at `start` (usually
    /// [`PageStyle::first_cursor`]), fetching each page with `fetch`.
    pub fn new(
        operation: &'static str,
        style: PageStyle,
        start: Cursor,
        fetch: PageFetcher<T>,
    ) -> Self {
        Paginator {
            operation,
            style,
            start,
            fetch,
            prefetch: 0,
            concurrency: 1,
            max_items: None,
            api: None,
            spans: Spans::CORE,
        }
    }

    /// Traces the listing as a call of the client described by `info` (usually
    /// [`Client::info`](crate::Client::info)): its `api.pages` span carries that crate's target
    /// and API name. Without it the span is api-core's.
    pub fn traced_as(mut self, info: &ApiInfo) -> Self {
        self.api = Some(info.api);
        self.spans = info.spans;
        self
    }

    /// Fetches up to `depth` pages ahead of the consumer in a spawned task, so the next page
    /// downloads while the current one is processed, even when the stream is not being polled.
    /// At most `depth` fetched pages wait unread (memory: page size x depth). `0`, the default,
    /// fetches only on demand.
    ///
    /// Ignored together with [`concurrency`](Paginator::concurrency) above 1, whose in-flight
    /// pages are already a look-ahead.
    pub fn prefetch(mut self, depth: usize) -> Self {
        self.prefetch = depth;
        self
    }

    /// Keeps up to `n` pages in flight at predicted cursors (offset + k x limit, or page + k) and
    /// yields them strictly in order. The listing stops at the first empty or short page or one
    /// that says no more results follow; pages fetched past it are discarded. A page whose
    /// reported next offset differs from the prediction ends the stream with
    /// [`Error::Pagination`] rather than skipping or repeating records.
    ///
    /// For [`PageStyle::Offset`] and [`PageStyle::PageNumber`]; token and offset-or-token
    /// listings cannot predict the next token and stay sequential (use [`prefetch`](Paginator::prefetch) there). `0` and `1`
    /// mean sequential; more than 64 is refused with [`Error::InvalidRequest`] on the first
    /// poll. Every fetch goes through the client, so a rate limiter still applies.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n;
        self
    }

    /// Stops after `n` items, fetching no more pages than that needs.
    pub fn max_items(mut self, n: u64) -> Self {
        self.max_items = Some(n);
        self
    }

    /// The listing as a stream of pages. Pages without items are skipped.
    ///
    /// The stream runs inside an `api.pages` span (see [`Spans`]) that is the parent of every
    /// page's call and counts the pages and items yielded.
    pub fn pages(mut self) -> BoxStream<'static, Result<Page<T>, Error>> {
        let span = self
            .spans
            .pages(&PagesFields::new(self.api, self.operation));
        self.fetch = traced::fetch_within(&span, self.fetch);
        traced::within(span, self.untraced_pages())
    }

    fn untraced_pages(self) -> BoxStream<'static, Result<Page<T>, Error>> {
        let checked = advance::validate(self.operation, self.style, &self.start)
            .and_then(|()| advance::validate_concurrency(self.operation, self.concurrency));
        if let Err(error) = checked {
            return stream::once(async move { Err(error) }).boxed();
        }
        let settings = walker::Settings {
            operation: self.operation,
            style: self.style,
            start: self.start,
            fetch: self.fetch,
            max_items: self.max_items,
        };
        let predictable = matches!(
            self.style,
            PageStyle::Offset { .. } | PageStyle::PageNumber { .. }
        );
        if self.concurrency > 1 && predictable {
            concurrent::pages(settings, self.concurrency)
        } else if self.prefetch > 0 {
            prefetch::pages(walker::Walker::new(settings), self.prefetch)
        } else {
            walker::Walker::new(settings).into_stream()
        }
    }

    /// The listing as a stream of items, page after page.
    pub fn items(self) -> BoxStream<'static, Result<T, Error>> {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}
