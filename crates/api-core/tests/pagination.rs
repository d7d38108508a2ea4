//! Paginated streams: the page styles, their stop rules and cursor checks, laziness,
//! cancellation on drop, prefetch, concurrent offset fetching and the item cap. Most tests use
//! plain closures as fetchers (no HTTP) under a paused tokio clock; the last ones go through
//! `api_core::Client` against httpmock on 127.0.0.1.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_core::{
    ApiInfo, Client, Cursor, Error, Page, PageFetcher, PageStyle, Paginator, RawPage, Request,
    TimeoutScope,
};
use futures::{FutureExt, StreamExt, TryStreamExt};
use httpmock::prelude::*;
use serde::Deserialize;
use serde_json::json;
use tokio::time::{Instant, sleep};

const OP: &str = "list_numbers";

// ---- a fake listing -------------------------------------------------------------------------

/// What the fake fetcher saw: every cursor requested, how many fetches are running, and how many
/// were dropped before they finished.
#[derive(Clone, Default)]
struct Probe {
    cursors: Arc<Mutex<Vec<Cursor>>>,
    running: Arc<AtomicUsize>,
    max_running: Arc<AtomicUsize>,
    cancelled: Arc<AtomicUsize>,
}

impl Probe {
    fn cursors(&self) -> Vec<Cursor> {
        self.cursors.lock().map(|c| c.clone()).unwrap_or_default()
    }

    fn calls(&self) -> usize {
        self.cursors().len()
    }

    fn cancelled(&self) -> usize {
        self.cancelled.load(Ordering::SeqCst)
    }

    fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    fn max_running(&self) -> usize {
        self.max_running.load(Ordering::SeqCst)
    }
}

/// Lives inside one fetch future: counts it as running, and as cancelled if it is dropped before
/// it finishes.
struct RunningFetch {
    probe: Probe,
    finished: bool,
}

impl RunningFetch {
    fn start(probe: &Probe) -> Self {
        let now = probe.running.fetch_add(1, Ordering::SeqCst) + 1;
        probe.max_running.fetch_max(now, Ordering::SeqCst);
        RunningFetch {
            probe: probe.clone(),
            finished: false,
        }
    }
}

impl Drop for RunningFetch {
    fn drop(&mut self) {
        self.probe.running.fetch_sub(1, Ordering::SeqCst);
        if !self.finished {
            self.probe.cancelled.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// How the fake server answers one cursor: after a delay, with a page or an error; `None` never
/// answers (the fetch hangs until it is cancelled).
type Answer = Option<(Duration, Result<RawPage<u32>, Error>)>;

fn fetcher(
    probe: &Probe,
    answer: impl Fn(&Cursor) -> Answer + Send + Sync + 'static,
) -> PageFetcher<u32> {
    let probe = probe.clone();
    let answer = Arc::new(answer);
    Arc::new(move |cursor: Cursor| {
        if let Ok(mut cursors) = probe.cursors.lock() {
            cursors.push(cursor.clone());
        }
        let probe = probe.clone();
        let answer = Arc::clone(&answer);
        async move {
            let mut running = RunningFetch::start(&probe);
            let Some((delay, result)) = answer(&cursor) else {
                return futures::future::pending().await;
            };
            sleep(delay).await;
            running.finished = true;
            result
        }
        .boxed()
    })
}

/// An offset listing of `total` numbers (0, 1, ...) served `limit` at a time, every page saying
/// whether more results follow.
fn offset_listing(total: u64, limit: u64, latency: Duration) -> impl Fn(&Cursor) -> Answer {
    move |cursor| {
        let Cursor::Offset(offset) = *cursor else {
            return Some((latency, Err(Error::invalid_request(OP, "not an offset"))));
        };
        let items: Vec<u32> = (offset..total.min(offset + limit))
            .map(|n| n as u32)
            .collect();
        let more = offset + (items.len() as u64) < total;
        Some((
            latency,
            Ok(RawPage {
                items,
                more_results: Some(more),
                ..RawPage::default()
            }),
        ))
    }
}

/// A page-number listing of `total` numbers, `page_size` per page.
fn numbered_listing(total: u32, page_size: u32) -> impl Fn(&Cursor) -> Answer {
    move |cursor| {
        let Cursor::Page(page) = *cursor else {
            return Some((
                Duration::ZERO,
                Err(Error::invalid_request(OP, "not a page")),
            ));
        };
        let first = (page - 1) * page_size;
        let items: Vec<u32> = (first..total.min(first + page_size)).collect();
        Some((Duration::ZERO, Ok(RawPage::new(items))))
    }
}

fn page(items: Vec<u32>) -> Result<RawPage<u32>, Error> {
    Ok(RawPage::new(items))
}

fn now(result: Result<RawPage<u32>, Error>) -> Answer {
    Some((Duration::ZERO, result))
}

fn offset_style(limit: u32) -> PageStyle {
    PageStyle::Offset { limit }
}

fn paginator(style: PageStyle, fetch: PageFetcher<u32>) -> Paginator<u32> {
    Paginator::new(OP, style, style.first_cursor(), fetch)
}

/// Drains a stream, keeping every element (errors included).
async fn drain<T>(stream: impl futures::Stream<Item = Result<T, Error>>) -> Vec<Result<T, Error>> {
    stream.collect().await
}

fn oks<T: Clone>(results: &[Result<T, Error>]) -> Vec<T> {
    results
        .iter()
        .filter_map(|r| r.as_ref().ok().cloned())
        .collect()
}

fn is_pagination_error<T>(result: Option<&Result<T, Error>>) -> bool {
    matches!(result, Some(Err(Error::Pagination { operation: OP, .. })))
}

/// Lets spawned tasks (producers, aborted fetches) run until `done` holds, or gives up after a
/// second of (paused) time.
async fn settle(done: impl Fn() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        sleep(Duration::from_millis(1)).await;
    }
}

// ---- offset ---------------------------------------------------------------------------------

#[tokio::test]
async fn offset_paging_follows_next_and_stops_on_more_results_false() {
    let probe = Probe::default();
    // The server's `next` skips one record past offset + len (as one API's example does);
    // the paginator must follow what the server says, not its own arithmetic.
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(0) => now(Ok(RawPage {
            items: vec![1, 2],
            more_results: Some(true),
            next_offset: Some(3),
            ..RawPage::default()
        })),
        Cursor::Offset(3) => now(Ok(RawPage {
            items: vec![4, 5],
            more_results: Some(true),
            next_offset: Some(5),
            ..RawPage::default()
        })),
        Cursor::Offset(5) => now(Ok(RawPage {
            items: vec![6],
            more_results: Some(false),
            // Even a next offset must not outweigh "no more results".
            next_offset: Some(6),
            ..RawPage::default()
        })),
        _ => now(page(vec![99])),
    });
    let items: Vec<u32> = paginator(offset_style(2), fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 4, 5, 6]);
    assert_eq!(
        probe.cursors(),
        vec![Cursor::Offset(0), Cursor::Offset(3), Cursor::Offset(5)]
    );
}

#[tokio::test]
async fn offset_paging_without_next_offset_advances_by_the_items_received() {
    let probe = Probe::default();
    // No more-results flag at all: the listing ends on the empty page after the short one.
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(0) => now(page(vec![0, 1, 2])),
        Cursor::Offset(3) => now(page(vec![3])),
        _ => now(page(vec![])),
    });
    let items: Vec<u32> = paginator(offset_style(3), fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![0, 1, 2, 3]);
    assert_eq!(
        probe.cursors(),
        vec![Cursor::Offset(0), Cursor::Offset(3), Cursor::Offset(4)]
    );
}

#[tokio::test]
async fn offset_paging_stops_on_an_empty_page_that_claims_nothing() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(0) => now(page(vec![0, 1])),
        Cursor::Offset(2) => now(page(vec![2, 3])),
        // An empty page ends the listing unless it claims more results (see
        // `offset_listing_with_an_empty_page_claiming_more_ends_with_listing_incomplete`).
        Cursor::Offset(4) => now(Ok(RawPage::default())),
        _ => now(page(vec![99])),
    });
    let pages: Vec<Page<u32>> = paginator(offset_style(2), fetch)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let items: Vec<Vec<u32>> = pages.iter().map(|p| p.items.clone()).collect();
    assert_eq!(
        items,
        vec![vec![0, 1], vec![2, 3]],
        "the empty page is not yielded"
    );
    assert_eq!(probe.calls(), 3);
}

#[tokio::test]
async fn offset_paging_errors_when_next_does_not_advance() {
    for stuck_next in [2, 1] {
        let probe = Probe::default();
        let fetch = fetcher(&probe, move |cursor| match cursor {
            Cursor::Offset(0) => now(Ok(RawPage {
                next_offset: Some(2),
                ..RawPage::new(vec![0, 1])
            })),
            _ => now(Ok(RawPage {
                next_offset: Some(stuck_next),
                ..RawPage::new(vec![2, 3])
            })),
        });
        let results = drain(paginator(offset_style(2), fetch).items()).await;
        assert_eq!(oks(&results), vec![0, 1]);
        assert!(is_pagination_error(results.last()), "{results:?}");
        assert_eq!(results.len(), 3, "the error ends the stream");
        assert_eq!(probe.calls(), 2, "no request after the error");
    }
}

// ---- token ----------------------------------------------------------------------------------

#[tokio::test]
async fn token_paging_follows_tokens() {
    let probe = Probe::default();
    let token_page = |items: Vec<u32>, next: Option<&str>| {
        now(Ok(RawPage {
            next_token: next.map(str::to_owned),
            ..RawPage::new(items)
        }))
    };
    let fetch = fetcher(&probe, move |cursor| match cursor {
        Cursor::Token(t) if t.is_empty() => token_page(vec![1, 2], Some("t1")),
        // A page may be empty and still hand out a token: keep following.
        Cursor::Token(t) if t == "t1" => token_page(vec![], Some("t2")),
        Cursor::Token(t) if t == "t2" => token_page(vec![3], Some("t3")),
        Cursor::Token(t) if t == "t3" => token_page(vec![4], None),
        _ => token_page(vec![99], None),
    });
    let pages: Vec<Page<u32>> = paginator(PageStyle::Token, fetch)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let items: Vec<u32> = pages.iter().flat_map(|p| p.items.clone()).collect();
    assert_eq!(items, vec![1, 2, 3, 4]);
    let tokens = ["", "t1", "t2", "t3"]
        .map(|t| Cursor::Token(t.to_owned()))
        .to_vec();
    assert_eq!(probe.cursors(), tokens);
    assert_eq!(pages[0].next, Some(Cursor::Token("t1".to_owned())));
    assert_eq!(pages.last().and_then(|p| p.next.clone()), None);
}

#[tokio::test]
async fn token_paging_errors_on_repeated_token() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| {
        let next = match cursor {
            Cursor::Token(t) if t.is_empty() => "t1",
            Cursor::Token(t) if t == "t1" => "t2",
            // Back to a token already followed: a loop.
            _ => "t1",
        };
        now(Ok(RawPage {
            next_token: Some(next.to_owned()),
            ..RawPage::new(vec![7])
        }))
    });
    let results = drain(paginator(PageStyle::Token, fetch).items()).await;
    assert_eq!(oks(&results), vec![7, 7]);
    assert!(is_pagination_error(results.last()), "{results:?}");
    assert_eq!(probe.calls(), 3);
}

#[tokio::test]
async fn token_paging_errors_when_the_server_returns_the_start_token() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |_| {
        now(Ok(RawPage {
            next_token: Some("resume".to_owned()),
            ..RawPage::new(vec![1])
        }))
    });
    let start = Cursor::Token("resume".to_owned());
    let results = drain(Paginator::new(OP, PageStyle::Token, start, fetch).items()).await;
    assert!(is_pagination_error(results.last()), "{results:?}");
    assert_eq!(probe.calls(), 1);
}

// ---- offset or token ------------------------------------------------------------------------

/// A page of an offset-or-token listing: `items`, and the next offset and token it names.
fn mixed_page(items: Vec<u32>, next_offset: Option<u64>, next_token: Option<&str>) -> Answer {
    now(Ok(RawPage {
        next_offset,
        next_token: next_token.map(str::to_owned),
        ..RawPage::new(items)
    }))
}

fn token(value: &str) -> Cursor {
    Cursor::Token(value.to_owned())
}

/// Every item of an offset-or-token listing from its first cursor; panics on an error.
async fn offset_or_token_items(fetch: PageFetcher<u32>) -> Vec<u32> {
    let items = paginator(PageStyle::OffsetOrToken, fetch).items();
    items.try_collect().await.unwrap()
}

#[tokio::test]
async fn offset_or_token_paging_starts_at_offset_zero_and_prefers_the_token_once_there_is_one() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        // No next offset: offset plus the items received.
        Cursor::Offset(0) => mixed_page(vec![0, 1], None, None),
        // Both named: the token wins over the offset.
        Cursor::Offset(2) => mixed_page(vec![2, 3], Some(4), Some("t1")),
        // An empty page that hands out a token does not end the listing.
        Cursor::Token(t) if t == "t1" => mixed_page(vec![], None, Some("t2")),
        Cursor::Token(t) if t == "t2" => now(Ok(RawPage {
            more_results: Some(false),
            ..RawPage::new(vec![4])
        })),
        _ => mixed_page(vec![99], None, None),
    });
    let style = PageStyle::OffsetOrToken;
    assert_eq!(style.first_cursor(), Cursor::Offset(0));
    let pages: Vec<Page<u32>> = paginator(style, fetch).pages().try_collect().await.unwrap();
    let items: Vec<u32> = pages.iter().flat_map(|p| p.items.clone()).collect();
    assert_eq!(items, vec![0, 1, 2, 3, 4]);
    assert_eq!(
        probe.cursors(),
        vec![
            Cursor::Offset(0),
            Cursor::Offset(2),
            token("t1"),
            token("t2")
        ]
    );
    assert_eq!(
        pages[1].next,
        Some(token("t1")),
        "a page resumes at its token"
    );
    assert_eq!(pages.last().and_then(|p| p.next.clone()), None);
}

#[tokio::test]
async fn offset_or_token_paging_follows_next_offset_and_stops_on_an_empty_page() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(0) => mixed_page(vec![0, 1], Some(51), None),
        Cursor::Offset(51) => mixed_page(vec![51], None, None),
        // Without a token, an empty page ends the listing even when it names an offset.
        Cursor::Offset(52) => mixed_page(vec![], Some(60), None),
        _ => mixed_page(vec![99], None, None),
    });
    let items = offset_or_token_items(fetch).await;
    assert_eq!(items, vec![0, 1, 51]);
    assert_eq!(
        probe.cursors(),
        vec![Cursor::Offset(0), Cursor::Offset(51), Cursor::Offset(52)]
    );
}

#[tokio::test]
async fn offset_or_token_paging_stops_on_more_results_false_even_with_a_token() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |_| {
        now(Ok(RawPage {
            more_results: Some(false),
            next_offset: Some(2),
            next_token: Some("t1".to_owned()),
            ..RawPage::new(vec![0, 1])
        }))
    });
    let items = offset_or_token_items(fetch).await;
    assert_eq!(items, vec![0, 1]);
    assert_eq!(probe.calls(), 1);
}

#[tokio::test]
async fn offset_or_token_paging_after_a_token_page_goes_on_only_where_the_server_says() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(0) => mixed_page(vec![0], None, Some("t1")),
        // A token page has no offset to count from: only a named offset goes on.
        Cursor::Token(t) if t == "t1" => mixed_page(vec![1], Some(10), None),
        Cursor::Offset(10) => mixed_page(vec![10], None, Some("t2")),
        Cursor::Token(t) if t == "t2" => mixed_page(vec![11], None, None),
        _ => mixed_page(vec![99], None, None),
    });
    let items = offset_or_token_items(fetch).await;
    assert_eq!(items, vec![0, 1, 10, 11]);
    assert_eq!(
        probe.cursors(),
        vec![
            Cursor::Offset(0),
            token("t1"),
            Cursor::Offset(10),
            token("t2")
        ]
    );
}

#[tokio::test]
async fn offset_or_token_paging_errors_on_a_repeated_token() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(0) => mixed_page(vec![0], None, Some("t1")),
        Cursor::Token(t) if t == "t1" => mixed_page(vec![1], None, Some("t2")),
        // Back to a token already followed: a loop.
        _ => mixed_page(vec![2], None, Some("t1")),
    });
    let results = drain(paginator(PageStyle::OffsetOrToken, fetch).items()).await;
    assert_eq!(oks(&results), vec![0, 1]);
    assert!(is_pagination_error(results.last()), "{results:?}");
    assert_eq!(probe.calls(), 3, "no request after the error");
}

#[tokio::test]
async fn offset_or_token_paging_errors_when_the_offset_does_not_advance() {
    for stuck_next in [5, 3] {
        let probe = Probe::default();
        let fetch = fetcher(&probe, move |cursor| match cursor {
            Cursor::Offset(0) => mixed_page(vec![0, 1], Some(5), None),
            _ => mixed_page(vec![5, 6], Some(stuck_next), None),
        });
        let results = drain(paginator(PageStyle::OffsetOrToken, fetch).items()).await;
        assert_eq!(oks(&results), vec![0, 1]);
        assert!(is_pagination_error(results.last()), "{results:?}");
        assert_eq!(probe.calls(), 2, "no request after the error");
    }
}

#[tokio::test]
async fn offset_or_token_paging_resumes_at_a_token_and_refuses_an_empty_one() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Token(t) if t == "resume" => mixed_page(vec![7], None, None),
        _ => mixed_page(vec![99], None, None),
    });
    let style = PageStyle::OffsetOrToken;
    let resumed: Vec<u32> = Paginator::new(OP, style, token("resume"), Arc::clone(&fetch))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(resumed, vec![7]);
    let refused = drain(Paginator::new(OP, style, token(""), fetch).items()).await;
    assert!(
        matches!(refused.as_slice(), [Err(Error::InvalidRequest { .. })]),
        "{refused:?}"
    );
    assert_eq!(probe.calls(), 1, "the empty start token sent nothing");
}

#[tokio::test(start_paused = true)]
async fn concurrency_on_an_offset_or_token_listing_stays_sequential() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(offset) if *offset < 4 => mixed_page(vec![1, 1], None, None),
        _ => mixed_page(vec![], None, None),
    });
    let items: Vec<u32> = paginator(PageStyle::OffsetOrToken, fetch)
        .concurrency(4)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 1, 1, 1]);
    assert_eq!(probe.max_running(), 1);
    assert_eq!(probe.calls(), 3);
}

// ---- page number ----------------------------------------------------------------------------

#[tokio::test]
async fn page_number_paging_stops_on_short_page() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, numbered_listing(7, 3));
    let items: Vec<u32> = paginator(PageStyle::PageNumber { page_size: 3 }, fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..7).collect::<Vec<_>>());
    assert_eq!(
        probe.cursors(),
        vec![Cursor::Page(1), Cursor::Page(2), Cursor::Page(3)]
    );
}

#[tokio::test]
async fn page_number_paging_stops_on_empty_page() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, numbered_listing(6, 3));
    let items: Vec<u32> = paginator(PageStyle::PageNumber { page_size: 3 }, fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..6).collect::<Vec<_>>());
    assert_eq!(
        probe.cursors(),
        vec![Cursor::Page(1), Cursor::Page(2), Cursor::Page(3)]
    );
}

// ---- a claim of more results without a way to them -----------------------------------------
//
// Evidence: W00glin/pushsec-trend-int `push-integration.ps1` (Get-PushDetections) pages Push
// Security detections only while `paging.moreResults` is true *and* `paging.nextToken` is set, and
// otherwise stops and reports success: a page claiming more without a token ends such a listing
// early without a word. Here that page ends the stream with `Error::ListingIncomplete` instead.

fn claims_more(items: Vec<u32>) -> RawPage<u32> {
    RawPage {
        more_results: Some(true),
        ..RawPage::new(items)
    }
}

fn incomplete(
    result: Option<&Result<impl std::fmt::Debug, Error>>,
) -> &api_core::IncompleteListing {
    match result {
        Some(Err(Error::ListingIncomplete(evidence))) => evidence,
        other => panic!("expected ListingIncomplete, got {other:?}"),
    }
}

#[tokio::test]
async fn token_listing_claiming_more_without_a_token_ends_with_listing_incomplete() {
    for prefetch in [0, 2] {
        let probe = Probe::default();
        let fetch = fetcher(&probe, |cursor| match cursor {
            Cursor::Token(t) if t.is_empty() => now(Ok(RawPage {
                next_token: Some("t1".into()),
                ..claims_more(vec![0, 1])
            })),
            _ => now(Ok(claims_more(vec![2, 3]))),
        });
        let results = drain(
            paginator(PageStyle::Token, fetch)
                .prefetch(prefetch)
                .items(),
        )
        .await;
        // The page's own records are yielded, then the error ends the stream.
        assert_eq!(oks(&results), vec![0, 1, 2, 3], "prefetch {prefetch}");
        assert_eq!(results.len(), 5, "prefetch {prefetch}");
        let evidence = incomplete(results.last());
        assert_eq!(evidence.operation, OP);
        assert_eq!(evidence.page_index, 1);
        assert_eq!(evidence.cursor, Cursor::Token("t1".into()));
        assert_eq!(evidence.items, 2);
        assert_eq!(evidence.missing, "next-page token");
        assert_eq!(probe.calls(), 2);
    }
}

#[tokio::test]
async fn offset_listing_with_an_empty_page_claiming_more_ends_with_listing_incomplete() {
    for concurrency in [1, 3] {
        let probe = Probe::default();
        let fetch = fetcher(&probe, |cursor| match cursor {
            Cursor::Offset(0) => now(Ok(claims_more(vec![0, 1]))),
            _ => now(Ok(claims_more(Vec::new()))),
        });
        let results = drain(
            paginator(offset_style(2), fetch)
                .concurrency(concurrency)
                .items(),
        )
        .await;
        assert_eq!(oks(&results), vec![0, 1], "concurrency {concurrency}");
        assert_eq!(results.len(), 3, "concurrency {concurrency}");
        let evidence = incomplete(results.last());
        assert_eq!(
            evidence.cursor,
            Cursor::Offset(2),
            "concurrency {concurrency}"
        );
        assert_eq!(evidence.page_index, 1, "concurrency {concurrency}");
        assert_eq!(evidence.items, 0);
    }
}

#[tokio::test]
async fn offset_or_token_listing_after_a_token_page_claiming_more_with_nothing_to_follow_errs() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Offset(0) => now(Ok(RawPage {
            next_token: Some("t1".into()),
            ..claims_more(vec![0, 1])
        })),
        _ => now(Ok(claims_more(vec![2]))),
    });
    let results = drain(paginator(PageStyle::OffsetOrToken, fetch).items()).await;
    assert_eq!(oks(&results), vec![0, 1, 2]);
    assert_eq!(
        incomplete(results.last()).missing,
        "next-page token or next offset"
    );
}

#[tokio::test]
async fn page_number_listing_follows_a_claim_of_more_past_a_short_page() {
    // A page number always continues, so a claim of more is followed rather than an error,
    // even when the server's page is smaller than the size assumed.
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| match cursor {
        Cursor::Page(1) => now(Ok(claims_more(vec![0]))),
        _ => now(page(vec![1])),
    });
    let items: Vec<u32> = paginator(PageStyle::PageNumber { page_size: 3 }, fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![0, 1]);
    assert_eq!(probe.calls(), 2);
}

#[tokio::test]
async fn page_number_listing_asks_for_the_next_page_after_a_full_one() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, numbered_listing(4, 2));
    let items: Vec<u32> = paginator(PageStyle::PageNumber { page_size: 2 }, fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![0, 1, 2, 3]);
    // Page 3 is asked for, comes back empty, and ends the listing without an error.
    assert_eq!(probe.calls(), 3);
}

#[tokio::test]
async fn listing_incomplete_debug_shows_neither_the_body_nor_the_token() {
    let fetch = fetcher(&Probe::default(), |cursor| match cursor {
        Cursor::Token(t) if t.is_empty() => now(Ok(RawPage {
            next_token: Some("tok-s3cr3t".into()),
            ..claims_more(vec![0])
        })),
        _ => now(Ok(RawPage {
            body: api_core::Bytes::from_static(br#"{"email":"someone@example.org"}"#),
            ..claims_more(vec![1])
        })),
    });
    let results = drain(paginator(PageStyle::Token, fetch).items()).await;
    let Some(Err(error)) = results.last() else {
        panic!("expected an error, got {results:?}");
    };
    let debug = format!("{error:?}");
    assert!(!debug.contains("someone@example.org"), "{debug}");
    assert!(!debug.contains("tok-s3cr3t"), "{debug}");
    assert!(debug.contains("<31 bytes>"), "{debug}");
    let display = error.to_string();
    assert!(display.contains("listing incomplete"), "{display}");
    assert!(!display.contains("tok-s3cr3t"), "{display}");
}

// ---- lenient envelopes ----------------------------------------------------------------------

/// A list envelope as an API crate would declare it.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default, with = "api_core::lenient::null_as_empty")]
    data: Vec<u32>,
    #[serde(default)]
    page_info: Option<Paging>,
}

#[derive(Deserialize)]
struct Paging {
    has_more: Option<bool>,
    next: Option<String>,
}

impl Envelope {
    fn into_raw_page(self) -> RawPage<u32> {
        let paging = self.page_info;
        RawPage {
            items: self.data,
            more_results: paging.as_ref().and_then(|p| p.has_more),
            next_offset: paging.and_then(|p| p.next).and_then(|n| n.parse().ok()),
            next_token: None,
            body: Default::default(),
        }
    }
}

fn decode_page(body: &str) -> Result<RawPage<u32>, Error> {
    serde_json::from_str::<Envelope>(body)
        .map(Envelope::into_raw_page)
        .map_err(|e| Error::invalid_request(OP, e.to_string()))
}

#[tokio::test]
async fn null_result_page_is_treated_as_empty() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| {
        let body = match cursor {
            Cursor::Offset(0) => {
                r#"{"data": [1, 2], "page_info": {"has_more": true, "next": "2"}}"#
            }
            _ => r#"{"data": null, "page_info": {"has_more": false}}"#,
        };
        now(decode_page(body))
    });
    let items: Vec<u32> = paginator(offset_style(2), fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2]);
    assert_eq!(probe.calls(), 2);

    let probe = Probe::default();
    let fetch = fetcher(&probe, |_| now(decode_page(r#"{"data": null}"#)));
    let items: Vec<u32> = paginator(PageStyle::PageNumber { page_size: 50 }, fetch)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(probe.calls(), 1);
}

// ---- laziness, errors, cancellation ---------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn items_stream_is_lazy_until_polled() {
    for (prefetch, concurrency) in [(0, 1), (2, 1), (0, 3)] {
        let probe = Probe::default();
        let fetch = fetcher(&probe, offset_listing(10, 2, Duration::from_millis(5)));
        let mut items = paginator(offset_style(2), fetch)
            .prefetch(prefetch)
            .concurrency(concurrency)
            .items();
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            probe.calls(),
            0,
            "prefetch {prefetch}, concurrency {concurrency}"
        );
        assert_eq!(items.next().await.map(Result::ok), Some(Some(0)));
        assert!(probe.calls() >= 1);
    }
}

#[tokio::test(start_paused = true)]
async fn lazy_stream_fetches_one_page_per_demand() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, offset_listing(100, 10, Duration::from_millis(5)));
    let mut pages = paginator(offset_style(10), fetch).pages();
    assert!(pages.next().await.is_some());
    sleep(Duration::from_secs(1)).await;
    assert_eq!(
        probe.calls(),
        1,
        "nothing is fetched ahead without prefetch"
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_ends_the_stream() {
    for (prefetch, concurrency) in [(0, 1), (2, 1), (0, 3)] {
        let probe = Probe::default();
        let fetch = fetcher(&probe, |cursor| match cursor {
            Cursor::Offset(0) => now(Ok(RawPage {
                more_results: Some(true),
                ..RawPage::new(vec![0, 1])
            })),
            _ => now(Err(Error::Timeout {
                operation: OP,
                elapsed: Duration::from_secs(30),
                scope: TimeoutScope::Attempt,
            })),
        });
        let mut items = paginator(offset_style(2), fetch)
            .prefetch(prefetch)
            .concurrency(concurrency)
            .items();
        let mut seen = Vec::new();
        while let Some(item) = items.next().await {
            seen.push(item);
        }
        assert_eq!(oks(&seen), vec![0, 1]);
        assert!(
            matches!(seen.last(), Some(Err(Error::Timeout { .. }))),
            "{seen:?}"
        );
        assert_eq!(seen.len(), 3);
        assert!(
            items.next().await.is_none(),
            "still ended when polled again"
        );
        sleep(Duration::from_secs(1)).await;
        if concurrency == 1 {
            assert_eq!(
                probe.calls(),
                2,
                "prefetch {prefetch}: nothing fetched after the error"
            );
        }
    }
}

#[tokio::test]
async fn start_cursor_of_another_style_is_refused_before_any_fetch() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, offset_listing(10, 2, Duration::ZERO));
    let results = drain(Paginator::new(OP, offset_style(2), Cursor::Page(1), fetch).items()).await;
    assert!(
        matches!(results.as_slice(), [Err(Error::InvalidRequest { .. })]),
        "{results:?}"
    );
    assert_eq!(probe.calls(), 0);
}

#[tokio::test]
async fn concurrency_above_the_limit_is_refused_before_any_fetch() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, offset_listing(10, 2, Duration::ZERO));
    let results = drain(paginator(offset_style(2), fetch).concurrency(65).items()).await;
    assert!(
        matches!(results.as_slice(), [Err(Error::InvalidRequest { .. })]),
        "{results:?}"
    );
    assert_eq!(probe.calls(), 0);
}

#[tokio::test]
async fn a_huge_prefetch_depth_is_harmless() {
    let fetch = fetcher(&Probe::default(), offset_listing(10, 2, Duration::ZERO));
    let items: Vec<u32> = paginator(offset_style(2), fetch)
        .prefetch(usize::MAX)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..10).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn dropping_the_stream_cancels_in_flight_fetches() {
    // The first page answers; every later fetch hangs until it is cancelled.
    let hanging_after_first = |cursor: &Cursor| match cursor {
        Cursor::Offset(0) => now(Ok(RawPage {
            more_results: Some(true),
            ..RawPage::new(vec![0, 1])
        })),
        _ => None,
    };
    for (prefetch, concurrency) in [(0, 1), (1, 1), (3, 1), (0, 4)] {
        let probe = Probe::default();
        let mut pages = paginator(offset_style(2), fetcher(&probe, hanging_after_first))
            .prefetch(prefetch)
            .concurrency(concurrency)
            .pages();
        assert!(matches!(pages.next().await, Some(Ok(_))));
        // Poll the hanging page for a while so it is certainly in flight.
        let waited = tokio::time::timeout(Duration::from_millis(100), pages.next()).await;
        assert!(waited.is_err(), "the second page hangs");
        assert!(probe.calls() >= 2, "a fetch is in flight");
        assert!(probe.running() >= 1);
        drop(pages);
        // The hanging fetches never finish on their own: none is left running only if every one
        // was cancelled.
        settle(|| probe.running() == 0).await;
        assert_eq!(
            probe.running(),
            0,
            "prefetch {prefetch}, concurrency {concurrency}: every hanging fetch was cancelled"
        );
        assert!(probe.cancelled() >= 1);
    }
}

// ---- prefetch -------------------------------------------------------------------------------

/// Reads every page, spending `work` on each, and returns how long that took.
async fn consume_with_work(
    pages: impl futures::Stream<Item = Result<Page<u32>, Error>>,
    work: Duration,
) -> Duration {
    let start = Instant::now();
    let mut pages = std::pin::pin!(pages);
    while let Some(page) = pages.next().await {
        assert!(page.is_ok());
        sleep(work).await;
    }
    start.elapsed()
}

#[tokio::test(start_paused = true)]
async fn prefetch_overlaps_fetch_with_consumer_work() {
    const PAGES: u64 = 10;
    let latency = Duration::from_millis(50);
    let work = Duration::from_millis(50);
    let run = |prefetch: usize| {
        let fetch = fetcher(&Probe::default(), offset_listing(PAGES * 5, 5, latency));
        consume_with_work(
            paginator(offset_style(5), fetch).prefetch(prefetch).pages(),
            work,
        )
    };
    let sequential = run(0).await;
    let overlapped = run(1).await;
    // Sequential: 10 x (fetch + work) = 1000 ms. Overlapped: the first fetch, then the work
    // hides every following fetch: about 550 ms.
    assert!(sequential >= Duration::from_millis(1000), "{sequential:?}");
    assert!(overlapped <= Duration::from_millis(600), "{overlapped:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetch_fetches_while_the_consumer_blocks_without_polling() {
    // Real time, and the consumer blocks its thread: only a spawned producer can make progress.
    const PAGES: u64 = 5;
    let step = Duration::from_millis(40);
    let fetch = fetcher(&Probe::default(), offset_listing(PAGES * 5, 5, step));
    let start = std::time::Instant::now();
    let mut pages = paginator(offset_style(5), fetch).prefetch(1).pages();
    while let Some(page) = pages.next().await {
        assert!(page.is_ok());
        std::thread::sleep(step);
    }
    let elapsed = start.elapsed();
    // Without overlap it would take 5 x 80 ms = 400 ms; with it about 240 ms.
    assert!(elapsed < Duration::from_millis(360), "{elapsed:?}");
}

#[tokio::test(start_paused = true)]
async fn prefetch_depth_bounds_the_look_ahead() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, offset_listing(1000, 10, Duration::from_millis(10)));
    let mut pages = paginator(offset_style(10), fetch).prefetch(2).pages();
    assert!(matches!(pages.next().await, Some(Ok(_))));
    // The consumer holds page 1 and does not poll: pages 2 and 3 are fetched, no more.
    sleep(Duration::from_secs(1)).await;
    assert_eq!(probe.calls(), 3);
    assert!(matches!(pages.next().await, Some(Ok(_))));
    sleep(Duration::from_secs(1)).await;
    assert_eq!(probe.calls(), 4);
}

// ---- concurrency ----------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn concurrent_offset_fetch_yields_items_in_order_exactly_once() {
    const TOTAL: u64 = 47;
    let probe = Probe::default();
    // Later pages answer sooner, so they complete out of order.
    let listing = offset_listing(TOTAL, 5, Duration::ZERO);
    let fetch = fetcher(&probe, move |cursor| {
        let Cursor::Offset(offset) = *cursor else {
            return None;
        };
        let (_, page) = listing(cursor)?;
        Some((Duration::from_millis(200 - 2 * offset), page))
    });
    let pages: Vec<Page<u32>> = paginator(offset_style(5), fetch)
        .concurrency(4)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let items: Vec<u32> = pages.iter().flat_map(|p| p.items.clone()).collect();
    assert_eq!(items, (0..TOTAL as u32).collect::<Vec<_>>());
    assert_eq!(pages.len(), 10);
    assert_eq!(pages[0].next, Some(Cursor::Offset(5)));
    assert_eq!(pages[9].next, None);
    assert!(probe.max_running() > 1, "fetches overlapped");
    assert!(
        probe.max_running() <= 4,
        "at most 4 in flight: {}",
        probe.max_running()
    );
    // Pages requested past the end (at most concurrency - 1 of them) were discarded.
    assert!((10..=13).contains(&probe.calls()), "{:?}", probe.cursors());
}

#[tokio::test(start_paused = true)]
async fn concurrent_fetch_aborts_pages_requested_past_the_end() {
    let probe = Probe::default();
    let listing = offset_listing(10, 5, Duration::from_millis(5));
    // Anything past the data never answers.
    let fetch = fetcher(&probe, move |cursor| match cursor {
        Cursor::Offset(offset) if *offset >= 10 => None,
        _ => listing(cursor),
    });
    let items: Vec<u32> = paginator(offset_style(5), fetch)
        .concurrency(4)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..10).collect::<Vec<_>>());
    assert!(
        probe.calls() > 2,
        "pages past the end were requested: {:?}",
        probe.cursors()
    );
    // Those fetches never answer, so nothing is left running only if they were aborted. (A task
    // aborted before its first poll never starts, so `cancelled` may be below the extra calls.)
    settle(|| probe.running() == 0).await;
    assert_eq!(probe.running(), 0);
    assert!(probe.cancelled() >= 1);
}

#[tokio::test(start_paused = true)]
async fn concurrent_fetch_detects_unexpected_next_offset() {
    let probe = Probe::default();
    // The server's next offset is offset + limit + 1: the predicted pages overlap by one record.
    let fetch = fetcher(&probe, |cursor| {
        let Cursor::Offset(offset) = *cursor else {
            return None;
        };
        let items = (offset..offset + 5).map(|n| n as u32).collect();
        now(Ok(RawPage {
            more_results: Some(true),
            next_offset: Some(offset + 6),
            ..RawPage::new(items)
        }))
    });
    let results = drain(paginator(offset_style(5), fetch).concurrency(3).items()).await;
    assert!(
        matches!(results.as_slice(), [Err(Error::Pagination { .. })]),
        "{results:?}"
    );

    // A short page that says more results follow (the server capped the limit) is a gap too.
    let fetch = fetcher(&Probe::default(), |cursor| {
        let Cursor::Offset(offset) = *cursor else {
            return None;
        };
        let items = (offset..offset + 3).map(|n| n as u32).collect();
        now(Ok(RawPage {
            more_results: Some(true),
            ..RawPage::new(items)
        }))
    });
    let results = drain(paginator(offset_style(5), fetch).concurrency(3).items()).await;
    assert!(
        matches!(results.as_slice(), [Err(Error::Pagination { .. })]),
        "{results:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn concurrent_page_number_fetch_stops_at_the_short_page() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, numbered_listing(23, 5));
    let items: Vec<u32> = paginator(PageStyle::PageNumber { page_size: 5 }, fetch)
        .concurrency(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..23).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn concurrency_on_a_token_listing_stays_sequential() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, |cursor| {
        let Cursor::Token(token) = cursor else {
            return None;
        };
        let next = match token.as_str() {
            "" => Some("a"),
            "a" => Some("b"),
            _ => None,
        };
        now(Ok(RawPage {
            next_token: next.map(str::to_owned),
            ..RawPage::new(vec![1])
        }))
    });
    let items: Vec<u32> = paginator(PageStyle::Token, fetch)
        .concurrency(4)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 1, 1]);
    assert_eq!(probe.max_running(), 1);
}

// ---- max_items ------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn max_items_caps_items_and_fetches() {
    for (prefetch, concurrency) in [(0, 1), (3, 1), (0, 4)] {
        let probe = Probe::default();
        let fetch = fetcher(
            &probe,
            offset_listing(u64::from(u32::MAX), 5, Duration::from_millis(5)),
        );
        let pages: Vec<Page<u32>> = paginator(offset_style(5), fetch)
            .prefetch(prefetch)
            .concurrency(concurrency)
            .max_items(12)
            .pages()
            .try_collect()
            .await
            .unwrap();
        let items: Vec<u32> = pages.iter().flat_map(|p| p.items.clone()).collect();
        assert_eq!(items, (0..12).collect::<Vec<_>>());
        assert_eq!(
            pages.last().and_then(|p| p.next.clone()),
            None,
            "the capped page is the last"
        );
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            probe.calls(),
            3,
            "prefetch {prefetch}, concurrency {concurrency}"
        );
    }
}

#[tokio::test]
async fn max_items_zero_fetches_nothing() {
    let probe = Probe::default();
    let fetch = fetcher(&probe, offset_listing(10, 5, Duration::ZERO));
    let items: Vec<u32> = paginator(offset_style(5), fetch)
        .max_items(0)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(probe.calls(), 0);
}

// ---- through api_core::Client and httpmock --------------------------------------------------

const INFO: ApiInfo = ApiInfo {
    api: "paging-test",
    crate_name: "paging-test-client",
    crate_version: "0.0.0",
    default_base_url: "https://api.example.test",
    spans: api_core::client_spans!(),
};

fn client(server: &MockServer) -> Client {
    Client::builder(INFO)
        .base_url(server.base_url())
        .build()
        .unwrap()
}

/// A fetcher as an API crate writes it: one request per cursor, its own envelope decoded.
fn http_fetcher(client: Client) -> PageFetcher<u32> {
    Arc::new(move |cursor: Cursor| {
        let client = client.clone();
        async move {
            let request = Request::get(OP, "/numbers");
            let request = match cursor {
                Cursor::Offset(offset) => request.query("offset", offset).query("limit", 2),
                Cursor::Token(token) if token.is_empty() => request,
                Cursor::Token(token) => request.query("cursor", token),
                Cursor::Page(page) => request.query("page", page),
            };
            let response = client.execute(request).await?;
            let envelope: HttpEnvelope = response.json()?;
            Ok(envelope.into_raw_page(response.bytes().clone()))
        }
        .boxed()
    })
}

#[derive(Deserialize)]
struct HttpEnvelope {
    #[serde(default, with = "api_core::lenient::null_as_empty")]
    data: Vec<u32>,
    #[serde(default)]
    page_info: Option<HttpPaging>,
}

#[derive(Deserialize)]
struct HttpPaging {
    #[serde(default, with = "api_core::lenient::option_bool_or_string")]
    has_more: Option<bool>,
    next: Option<String>,
    next_cursor: Option<String>,
}

impl HttpEnvelope {
    fn into_raw_page(self, body: api_core::Bytes) -> RawPage<u32> {
        let paging = self.page_info;
        RawPage {
            items: self.data,
            more_results: paging.as_ref().and_then(|p| p.has_more),
            next_offset: paging
                .as_ref()
                .and_then(|p| p.next.as_deref()?.parse().ok()),
            next_token: paging.and_then(|p| p.next_cursor),
            body,
        }
    }
}

#[tokio::test]
async fn offset_paging_over_http_follows_next_until_more_results_false() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/numbers")
                .query_param("offset", "0")
                .query_param("limit", "2");
            then.status(200)
                .json_body(json!({"data": [1, 2], "page_info": {"has_more": true, "next": "2"}}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/numbers")
                .query_param("offset", "2")
                .query_param("limit", "2");
            then.status(200)
                .json_body(json!({"data": [3], "page_info": {"has_more": "false", "next": "3"}}));
        })
        .await;
    let items: Vec<u32> = paginator(offset_style(2), http_fetcher(client(&server)))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 3]);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn token_paging_over_http_sends_no_token_first_then_follows_tokens() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/numbers")
                .query_param_missing("cursor");
            then.status(200).json_body(
                json!({"data": [1], "page_info": {"has_more": true, "next_cursor": "abc"}}),
            );
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/numbers")
                .query_param("cursor", "abc");
            then.status(200)
                .json_body(json!({"data": [2], "page_info": {"has_more": false}}));
        })
        .await;
    let items: Vec<u32> = paginator(PageStyle::Token, http_fetcher(client(&server)))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2]);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn page_number_paging_over_http_stops_on_null_result() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path("/numbers").query_param("page", "1");
            then.status(200).json_body(json!({"data": [1, 2]}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path("/numbers").query_param("page", "2");
            then.status(200).json_body(json!({"data": null}));
        })
        .await;
    let items: Vec<u32> = paginator(
        PageStyle::PageNumber { page_size: 2 },
        http_fetcher(client(&server)),
    )
    .prefetch(1)
    .items()
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items, vec![1, 2]);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn http_error_mid_listing_ends_the_stream_with_the_api_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/numbers").query_param("page", "1");
            then.status(200).json_body(json!({"data": [1, 2]}));
        })
        .await;
    let failing = server
        .mock_async(|when, then| {
            when.method(GET).path("/numbers").query_param("page", "2");
            then.status(400).body("bad page");
        })
        .await;
    let results = drain(
        paginator(
            PageStyle::PageNumber { page_size: 2 },
            http_fetcher(client(&server)),
        )
        .items(),
    )
    .await;
    assert_eq!(oks(&results), vec![1, 2]);
    let status = results
        .last()
        .and_then(|r| r.as_ref().err())
        .and_then(Error::status);
    assert_eq!(status.map(|s| s.as_u16()), Some(400));
    failing.assert_calls_async(1).await;
}

#[tokio::test]
async fn concurrent_offset_paging_over_http_yields_in_order() {
    let server = MockServer::start_async().await;
    for offset in [0u32, 2, 4] {
        let more = offset < 4;
        let items = if more {
            vec![offset + 1, offset + 2]
        } else {
            vec![offset + 1]
        };
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/numbers")
                    .query_param("offset", offset.to_string());
                then.status(200)
                    .json_body(json!({"data": items, "page_info": {"has_more": more}}));
            })
            .await;
    }
    // Anything requested past the end gets an empty page.
    server
        .mock_async(|when, then| {
            when.method(GET).path("/numbers");
            then.status(200)
                .json_body(json!({"data": [], "page_info": {"has_more": false}}));
        })
        .await;
    let items: Vec<u32> = paginator(offset_style(2), http_fetcher(client(&server)))
        .concurrency(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn token_paging_over_http_claiming_more_without_a_cursor_keeps_the_page_body_as_evidence() {
    // The envelope's paging block comes after a long list, so the snippet keeps the body's end.
    let server = MockServer::start_async().await;
    let data: Vec<u32> = (0..400).collect();
    let page = server
        .mock_async(|when, then| {
            when.method(GET).path("/numbers");
            then.status(200)
                .json_body(json!({"data": data, "page_info": {"has_more": true}}));
        })
        .await;
    let results = drain(paginator(PageStyle::Token, http_fetcher(client(&server))).pages()).await;
    assert_eq!(results.len(), 2, "the page, then the error");
    let Some(Ok(first)) = results.first() else {
        panic!("expected the page first, got {results:?}");
    };
    assert_eq!(first.next, None);
    let evidence = incomplete(results.last());
    assert_eq!(evidence.cursor, Cursor::Token(String::new()));
    assert_eq!(evidence.items, 400);
    assert!(
        evidence
            .snippet
            .ends_with(r#""page_info":{"has_more":true}}"#),
        "{}",
        evidence.snippet
    );
    assert!(
        evidence.snippet.starts_with(r#"{"data":[0,1,2"#),
        "{}",
        evidence.snippet
    );
    assert!(evidence.snippet.len() <= api_core::IncompleteListing::MAX_SNIPPET_BYTES + 64);
    page.assert_calls_async(1).await;
}
