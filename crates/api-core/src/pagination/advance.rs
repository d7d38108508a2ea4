//! Given a page just fetched, where the listing goes next: the rules of each [`PageStyle`], and
//! the checks that turn an untrustworthy cursor into [`Error::Pagination`] instead of a loop, a
//! gap or a duplicate.

use super::seen_tokens::SeenTokens;
use super::{Cursor, PageStyle, RawPage};
use crate::Error;

/// What follows a page.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// Fetch this cursor next.
    Next(Cursor),
    /// The listing is complete.
    End,
    /// The page says more results follow but holds no continuation this style can read; the
    /// caller turns it into [`Error::ListingIncomplete`] with the page's evidence.
    Stuck {
        /// What the page lacked, for the error.
        missing: &'static str,
    },
}

/// What an empty offset page that claims more lacks.
const NO_OFFSET: &str = "next offset past the one just fetched";
/// What a token page that claims more lacks.
const NO_TOKEN: &str = "next-page token";
/// What a page of an offset-or-token listing that claims more lacks.
const NO_TOKEN_OR_OFFSET: &str = "next-page token or next offset";

impl Step {
    /// The cursor to fetch next; `None` at the end. A stuck step has no cursor either: callers
    /// check for it first.
    pub(super) fn into_cursor(self) -> Option<Cursor> {
        match self {
            Step::Next(cursor) => Some(cursor),
            Step::End | Step::Stuck { .. } => None,
        }
    }
}

fn pagination_error(operation: &'static str, message: String) -> Error {
    Error::Pagination { operation, message }
}

fn cursor_mismatch(operation: &'static str, style: PageStyle, cursor: &Cursor) -> Error {
    let kind = match cursor {
        Cursor::Offset(_) => "an offset",
        Cursor::Token(_) => "a token",
        Cursor::Page(_) => "a page number",
    };
    Error::invalid_request(
        operation,
        format!("{kind} cursor cannot start a listing paged by {style:?}"),
    )
}

/// Rejects a start cursor of another style and a zero page size, before anything is sent.
pub(super) fn validate(
    operation: &'static str,
    style: PageStyle,
    start: &Cursor,
) -> Result<(), Error> {
    match (style, start) {
        (PageStyle::Offset { limit: 0 }, _) => Err(Error::invalid_request(
            operation,
            "the page limit must be at least 1",
        )),
        (PageStyle::PageNumber { page_size: 0 }, _) => Err(Error::invalid_request(
            operation,
            "the page size must be at least 1",
        )),
        (PageStyle::PageNumber { .. }, Cursor::Page(0)) => {
            Err(Error::invalid_request(operation, "page numbers start at 1"))
        }
        (PageStyle::OffsetOrToken, Cursor::Token(token)) if token.is_empty() => {
            Err(Error::invalid_request(
                operation,
                "an offset-or-token listing starts at an offset or at a token the server handed out, \
                 not at an empty token",
            ))
        }
        (PageStyle::Offset { .. }, Cursor::Offset(_))
        | (PageStyle::Token, Cursor::Token(_))
        | (PageStyle::OffsetOrToken, Cursor::Offset(_) | Cursor::Token(_))
        | (PageStyle::PageNumber { .. }, Cursor::Page(_)) => Ok(()),
        (style, cursor) => Err(cursor_mismatch(operation, style, cursor)),
    }
}

/// The most pages [`super::Paginator::concurrency`] keeps in flight: beyond it a listing of
/// unknown length would start a flood of requests before the first one answered.
pub(super) const MAX_CONCURRENCY: usize = 64;

/// Refuses a concurrency above [`MAX_CONCURRENCY`].
pub(super) fn validate_concurrency(operation: &'static str, n: usize) -> Result<(), Error> {
    if n > MAX_CONCURRENCY {
        return Err(Error::invalid_request(
            operation,
            format!("concurrency {n} is above the limit of {MAX_CONCURRENCY} pages in flight"),
        ));
    }
    Ok(())
}

/// The next step of a listing fetched one page after another, following what each page says.
///
/// A page that says more results follow (`more_results == Some(true)`) never ends the listing:
/// either it holds a continuation this style can read, or the step is [`Step::Stuck`].
pub(super) fn sequential<T>(
    operation: &'static str,
    style: PageStyle,
    cursor: &Cursor,
    page: &RawPage<T>,
    seen: &mut SeenTokens,
) -> Result<Step, Error> {
    let len = page.items.len();
    if page.more_results == Some(false) {
        return Ok(Step::End);
    }
    let claims_more = page.more_results == Some(true);
    match (style, cursor) {
        (PageStyle::Offset { .. }, Cursor::Offset(offset)) => {
            if len == 0 {
                return Ok(after_empty_offset_page(
                    *offset,
                    page,
                    claims_more,
                    NO_OFFSET,
                ));
            }
            next_offset(operation, *offset, page).map(Step::Next)
        }
        (PageStyle::Token, Cursor::Token(_)) => match next_token(operation, page, seen)? {
            Some(next) => Ok(Step::Next(next)),
            None if claims_more => Ok(Step::Stuck { missing: NO_TOKEN }),
            None => Ok(Step::End),
        },
        (PageStyle::OffsetOrToken, Cursor::Offset(_) | Cursor::Token(_)) => {
            // A token wins: it may follow an empty page, as in a token listing.
            if let Some(next) = next_token(operation, page, seen)? {
                return Ok(Step::Next(next));
            }
            match cursor {
                Cursor::Offset(offset) if len == 0 => Ok(after_empty_offset_page(
                    *offset,
                    page,
                    claims_more,
                    NO_TOKEN_OR_OFFSET,
                )),
                Cursor::Offset(offset) => next_offset(operation, *offset, page).map(Step::Next),
                // After a token page only the server can say where the offsets go on.
                _ => match page.next_offset {
                    Some(next) if len > 0 || claims_more => Ok(Step::Next(Cursor::Offset(next))),
                    _ if claims_more => Ok(Step::Stuck {
                        missing: NO_TOKEN_OR_OFFSET,
                    }),
                    _ => Ok(Step::End),
                },
            }
        }
        (PageStyle::PageNumber { page_size }, Cursor::Page(number)) => {
            // The next page number is always known, so a claim of more is simply followed,
            // even on a short page (the server's page may be smaller than the one assumed).
            if !claims_more && len < page_size as usize {
                return Ok(Step::End);
            }
            next_page_number(operation, *number).map(Step::Next)
        }
        (style, cursor) => Err(cursor_mismatch(operation, style, cursor)),
    }
}

/// After an empty page fetched at `offset`: the end, unless the page claims more; then only an
/// offset the server names past this one can continue (offset plus nothing would repeat it).
fn after_empty_offset_page<T>(
    offset: u64,
    page: &RawPage<T>,
    claims_more: bool,
    missing: &'static str,
) -> Step {
    match page.next_offset {
        _ if !claims_more => Step::End,
        Some(next) if next > offset => Step::Next(Cursor::Offset(next)),
        _ => Step::Stuck { missing },
    }
}

/// The offset after a non-empty page fetched at `offset`: the page's `next_offset`, else the
/// offset plus the number of items; an error when it does not advance.
fn next_offset<T>(
    operation: &'static str,
    offset: u64,
    page: &RawPage<T>,
) -> Result<Cursor, Error> {
    let next = match page.next_offset {
        Some(next) => next,
        None => offset
            .checked_add(page.items.len() as u64)
            .ok_or_else(|| pagination_error(operation, "the next offset overflows".to_owned()))?,
    };
    if next <= offset {
        return Err(pagination_error(
            operation,
            format!("the next offset {next} does not advance past offset {offset}"),
        ));
    }
    Ok(Cursor::Offset(next))
}

/// The page's next token as a cursor (`None` when it has none, or an empty one); an error when
/// the token was already followed.
fn next_token<T>(
    operation: &'static str,
    page: &RawPage<T>,
    seen: &mut SeenTokens,
) -> Result<Option<Cursor>, Error> {
    match page.next_token.as_deref() {
        None | Some("") => Ok(None),
        Some(token) if !seen.insert(token) => Err(pagination_error(
            operation,
            "the server handed out a page token that was already followed".to_owned(),
        )),
        Some(token) => Ok(Some(Cursor::Token(token.to_owned()))),
    }
}

/// The next step of a listing whose pages were requested ahead at predicted cursors: the page
/// must agree with the prediction, or the records between the two would be skipped or repeated.
pub(super) fn predicted<T>(
    operation: &'static str,
    style: PageStyle,
    cursor: &Cursor,
    page: &RawPage<T>,
) -> Result<Step, Error> {
    let len = page.items.len();
    match (style, cursor) {
        (PageStyle::Offset { limit }, Cursor::Offset(offset)) => {
            let claims_more = page.more_results == Some(true);
            if page.more_results == Some(false) || (len == 0 && !claims_more) {
                return Ok(Step::End);
            }
            if len == 0 && page.next_offset.is_none() {
                return Ok(Step::Stuck { missing: NO_OFFSET });
            }
            // A short page that says nothing else is the last one.
            let silent = page.more_results.is_none() && page.next_offset.is_none();
            if len < limit as usize && silent {
                return Ok(Step::End);
            }
            let Some(Cursor::Offset(expected)) = following(style, cursor) else {
                return Err(pagination_error(
                    operation,
                    "the next offset overflows".to_owned(),
                ));
            };
            let reported = page
                .next_offset
                .unwrap_or_else(|| offset.saturating_add(len as u64));
            if reported != expected {
                return Err(pagination_error(
                    operation,
                    format!(
                        "the page at offset {offset} says the next offset is {reported}, but \
                         {expected} was requested ahead; fetch this listing without concurrency"
                    ),
                ));
            }
            Ok(Step::Next(Cursor::Offset(expected)))
        }
        (PageStyle::PageNumber { page_size }, Cursor::Page(number)) => {
            if is_last_numbered_page(page, page_size) {
                return Ok(Step::End);
            }
            next_page_number(operation, *number).map(Step::Next)
        }
        (style, cursor) => Err(cursor_mismatch(operation, style, cursor)),
    }
}

/// The cursor predicted to follow `cursor` when every page is full; `None` for token listings
/// (unpredictable) and on overflow.
pub(super) fn following(style: PageStyle, cursor: &Cursor) -> Option<Cursor> {
    match (style, cursor) {
        (PageStyle::Offset { limit }, Cursor::Offset(offset)) => {
            offset.checked_add(u64::from(limit)).map(Cursor::Offset)
        }
        (PageStyle::PageNumber { .. }, Cursor::Page(number)) => {
            number.checked_add(1).map(Cursor::Page)
        }
        _ => None,
    }
}

/// A page-number listing ends on a page that says so, or on a short page that does not claim more.
fn is_last_numbered_page<T>(page: &RawPage<T>, page_size: u32) -> bool {
    match page.more_results {
        Some(more) => !more,
        None => page.items.len() < page_size as usize,
    }
}

fn next_page_number(operation: &'static str, number: u32) -> Result<Cursor, Error> {
    number
        .checked_add(1)
        .map(Cursor::Page)
        .ok_or_else(|| pagination_error(operation, "the page number overflows".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: &str = "list_things";
    const OFFSET: PageStyle = PageStyle::Offset { limit: 2 };

    fn page(len: usize) -> RawPage<u8> {
        RawPage::new(vec![0; len])
    }

    fn sequential_step(
        style: PageStyle,
        cursor: Cursor,
        page: &RawPage<u8>,
    ) -> Result<Step, Error> {
        sequential(OP, style, &cursor, page, &mut SeenTokens::default())
    }

    #[test]
    fn offset_without_next_offset_advances_by_the_items_received() {
        let step = sequential_step(OFFSET, Cursor::Offset(10), &page(2));
        assert_eq!(step.ok(), Some(Step::Next(Cursor::Offset(12))));
    }

    #[test]
    fn offset_prefers_the_reported_next_offset() {
        let raw = RawPage {
            next_offset: Some(13),
            ..page(2)
        };
        let step = sequential_step(OFFSET, Cursor::Offset(10), &raw);
        assert_eq!(step.ok(), Some(Step::Next(Cursor::Offset(13))));
    }

    #[test]
    fn offset_empty_page_claiming_more_without_an_offset_is_stuck() {
        let raw = RawPage {
            more_results: Some(true),
            ..page(0)
        };
        assert_eq!(
            sequential_step(OFFSET, Cursor::Offset(0), &raw).ok(),
            Some(Step::Stuck { missing: NO_OFFSET })
        );
    }

    #[test]
    fn offset_empty_page_claiming_more_follows_a_named_offset_past_it() {
        let raw = RawPage {
            more_results: Some(true),
            next_offset: Some(7),
            ..page(0)
        };
        assert_eq!(
            sequential_step(OFFSET, Cursor::Offset(5), &raw).ok(),
            Some(Step::Next(Cursor::Offset(7)))
        );
    }

    #[test]
    fn offset_empty_page_without_a_claim_ends_the_listing() {
        assert_eq!(
            sequential_step(OFFSET, Cursor::Offset(4), &page(0)).ok(),
            Some(Step::End)
        );
    }

    #[test]
    fn token_page_claiming_more_without_a_token_is_stuck() {
        for token in [None, Some(String::new())] {
            let raw = RawPage {
                more_results: Some(true),
                next_token: token,
                ..page(2)
            };
            let step = sequential_step(PageStyle::Token, Cursor::Token("a".into()), &raw);
            assert_eq!(step.ok(), Some(Step::Stuck { missing: NO_TOKEN }));
        }
    }

    #[test]
    fn token_page_without_a_claim_or_a_token_ends_the_listing() {
        let step = sequential_step(PageStyle::Token, Cursor::Token("a".into()), &page(2));
        assert_eq!(step.ok(), Some(Step::End));
    }

    #[test]
    fn offset_or_token_after_a_token_page_claiming_more_with_nothing_to_follow_is_stuck() {
        let raw = RawPage {
            more_results: Some(true),
            ..page(2)
        };
        let step = sequential_step(PageStyle::OffsetOrToken, Cursor::Token("a".into()), &raw);
        assert_eq!(
            step.ok(),
            Some(Step::Stuck {
                missing: NO_TOKEN_OR_OFFSET
            })
        );
    }

    #[test]
    fn offset_or_token_at_an_offset_claiming_more_goes_on_by_the_items_received() {
        let raw = RawPage {
            more_results: Some(true),
            ..page(2)
        };
        let step = sequential_step(PageStyle::OffsetOrToken, Cursor::Offset(10), &raw);
        assert_eq!(step.ok(), Some(Step::Next(Cursor::Offset(12))));
    }

    #[test]
    fn page_number_follows_a_claim_of_more_on_a_short_page() {
        let raw = RawPage {
            more_results: Some(true),
            ..page(1)
        };
        let style = PageStyle::PageNumber { page_size: 2 };
        assert_eq!(
            sequential_step(style, Cursor::Page(3), &raw).ok(),
            Some(Step::Next(Cursor::Page(4)))
        );
    }

    #[test]
    fn page_number_full_page_without_a_claim_asks_for_the_next_page() {
        let style = PageStyle::PageNumber { page_size: 2 };
        assert_eq!(
            sequential_step(style, Cursor::Page(1), &page(2)).ok(),
            Some(Step::Next(Cursor::Page(2)))
        );
    }

    #[test]
    fn predicted_offset_empty_page_claiming_more_is_stuck() {
        let raw = RawPage {
            more_results: Some(true),
            ..page(0)
        };
        let step = predicted(OP, OFFSET, &Cursor::Offset(4), &raw);
        assert_eq!(step.ok(), Some(Step::Stuck { missing: NO_OFFSET }));
    }

    #[test]
    fn token_listing_ends_on_an_empty_token() {
        let raw = RawPage {
            next_token: Some(String::new()),
            ..page(2)
        };
        let step = sequential_step(PageStyle::Token, Cursor::Token("a".into()), &raw);
        assert_eq!(step.ok(), Some(Step::End));
    }

    #[test]
    fn page_number_ends_when_the_server_says_no_more_on_a_full_page() {
        let raw = RawPage {
            more_results: Some(false),
            ..page(2)
        };
        let style = PageStyle::PageNumber { page_size: 2 };
        assert_eq!(
            sequential_step(style, Cursor::Page(1), &raw).ok(),
            Some(Step::End)
        );
    }

    #[test]
    fn predicted_offset_accepts_a_full_page_that_agrees() {
        let raw = RawPage {
            more_results: Some(true),
            ..page(2)
        };
        let step = predicted(OP, OFFSET, &Cursor::Offset(4), &raw);
        assert_eq!(step.ok(), Some(Step::Next(Cursor::Offset(6))));
    }

    #[test]
    fn predicted_offset_rejects_a_short_page_that_says_more_follow() {
        let raw = RawPage {
            more_results: Some(true),
            ..page(1)
        };
        let step = predicted(OP, OFFSET, &Cursor::Offset(4), &raw);
        assert!(matches!(step, Err(Error::Pagination { .. })));
    }

    #[test]
    fn predicted_offset_rejects_a_page_longer_than_the_limit() {
        let step = predicted(OP, OFFSET, &Cursor::Offset(4), &page(3));
        assert!(matches!(step, Err(Error::Pagination { .. })));
    }

    #[test]
    fn predicted_offset_ends_on_a_short_page_without_signals() {
        let step = predicted(OP, OFFSET, &Cursor::Offset(4), &page(1));
        assert_eq!(step.ok(), Some(Step::End));
    }

    #[test]
    fn validate_rejects_a_cursor_of_another_style_and_zero_sizes() {
        for (style, start) in [
            (OFFSET, Cursor::Page(1)),
            (PageStyle::Token, Cursor::Offset(0)),
            (PageStyle::Offset { limit: 0 }, Cursor::Offset(0)),
            (PageStyle::PageNumber { page_size: 0 }, Cursor::Page(1)),
            (PageStyle::PageNumber { page_size: 5 }, Cursor::Page(0)),
            (PageStyle::OffsetOrToken, Cursor::Page(1)),
            (PageStyle::OffsetOrToken, Cursor::Token(String::new())),
        ] {
            let result = validate(OP, style, &start);
            assert!(
                matches!(result, Err(Error::InvalidRequest { .. })),
                "{style:?} {start:?}"
            );
        }
        assert!(validate(OP, OFFSET, &OFFSET.first_cursor()).is_ok());
        let either = PageStyle::OffsetOrToken;
        assert!(validate(OP, either, &either.first_cursor()).is_ok());
        assert!(validate(OP, either, &Cursor::Token("resume".into())).is_ok());
    }
}
