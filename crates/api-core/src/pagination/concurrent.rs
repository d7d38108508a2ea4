//! Concurrent fetching for listings whose cursors are predictable (offset + k x limit, page + k):
//! up to `n` pages are requested ahead in spawned tasks and yielded strictly in order.
//!
//! Each page is checked against the prediction ([`advance::predicted`]); a disagreement ends the
//! stream with an error, never with a gap or a duplicate. When a page ends the listing, or the
//! stream is dropped, the window of tasks still in flight is dropped, which aborts them.

use std::collections::VecDeque;

use futures::stream::{BoxStream, StreamExt};

use super::abort_on_drop::AbortOnDrop;
use super::advance::{self, Step};
use super::incomplete;
use super::item_cap::ItemCap;
use super::walker::Settings;
use super::{Cursor, Page, PageFetcher, PageStyle, RawPage};
use crate::Error;

/// A page requested ahead, with the cursor it was requested at.
type InFlight<T> = (Cursor, AbortOnDrop<Result<RawPage<T>, Error>>);

/// The listing as a stream with up to `n` page fetches in flight; started on the first poll.
pub(super) fn pages<T: Send + 'static>(
    settings: Settings<T>,
    n: usize,
) -> BoxStream<'static, Result<Page<T>, Error>> {
    let Settings {
        operation,
        style,
        start,
        fetch,
        max_items,
    } = settings;
    let mut cap = ItemCap::new(max_items);
    let mut planner = Planner {
        style,
        fetch,
        next: Some(start),
        // Full pages are assumed, so the cap needs no more than this many requests.
        budget: cap.pages_needed(page_size(style)),
    };
    async_stream::stream! {
        let mut window: VecDeque<InFlight<T>> = VecDeque::new();
        // Pages are taken from the window in listing order, so this counts the listing's pages.
        let mut fetched: u64 = 0;
        loop {
            planner.fill(&mut window, n);
            let Some((cursor, task)) = window.pop_front() else {
                break;
            };
            let raw = match task.await {
                Ok(Ok(raw)) => raw,
                Ok(Err(error)) => {
                    yield Err(error);
                    break;
                }
                Err(_) => {
                    yield Err(Error::Pagination {
                        operation,
                        message: "a page fetch panicked".to_owned(),
                    });
                    break;
                }
            };
            let index = fetched;
            fetched += 1;
            let step = match advance::predicted(operation, style, &cursor, &raw) {
                Ok(step) => step,
                Err(error) => {
                    yield Err(error);
                    break;
                }
            };
            let stuck = match step {
                Step::Stuck { missing } => {
                    Some(incomplete::error(operation, index, cursor.clone(), missing, &raw))
                }
                _ => None,
            };
            let mut items = raw.items;
            let capped = cap.take(&mut items);
            let next = if capped { None } else { step.into_cursor() };
            let last = next.is_none();
            if !items.is_empty() {
                yield Ok(Page { items, cursor, next });
            }
            // As in the sequential walk: the page's records first, then the error, unless the
            // cap was reached anyway.
            if let (false, Some(error)) = (capped, stuck) {
                yield Err(error);
            }
            if last {
                break;
            }
        }
        // Dropping `window` here aborts the pages requested past the end.
    }
    .boxed()
}

fn page_size(style: PageStyle) -> u32 {
    match style {
        PageStyle::Offset { limit } => limit,
        PageStyle::PageNumber { page_size } => page_size,
        PageStyle::Token | PageStyle::OffsetOrToken => 1,
    }
}

/// Starts fetches at the predicted cursors.
struct Planner<T> {
    style: PageStyle,
    fetch: PageFetcher<T>,
    /// The next cursor to request; `None` once the predictions ran out (overflow, budget).
    next: Option<Cursor>,
    /// How many more pages may be requested; `None` when unlimited.
    budget: Option<u64>,
}

impl<T: Send + 'static> Planner<T> {
    /// Tops the window up to `n` fetches in flight.
    fn fill(&mut self, window: &mut VecDeque<InFlight<T>>, n: usize) {
        while window.len() < n && self.budget != Some(0) {
            let Some(cursor) = self.next.take() else {
                return;
            };
            self.next = advance::following(self.style, &cursor);
            if let Some(budget) = self.budget.as_mut() {
                *budget -= 1;
            }
            let fetch = (self.fetch)(cursor.clone());
            window.push_back((cursor, AbortOnDrop::spawn(fetch)));
        }
    }
}
