//! The error for a page that says more results follow but holds no continuation: the listing is
//! incomplete, and the page's evidence goes with the error.

use super::{Cursor, RawPage};
use crate::Error;
use crate::error::IncompleteListing;

/// [`Error::ListingIncomplete`] for the page at `cursor`, the `page_index`-th of the listing.
pub(super) fn error<T>(
    operation: &'static str,
    page_index: u64,
    cursor: Cursor,
    missing: &'static str,
    page: &RawPage<T>,
) -> Error {
    Error::ListingIncomplete(Box::new(IncompleteListing {
        operation,
        page_index,
        cursor,
        missing,
        items: page.items.len(),
        snippet: snippet(&page.body, IncompleteListing::MAX_SNIPPET_BYTES),
    }))
}

/// The body as lossy UTF-8, or its first and last `max / 2` bytes around a marker when it is
/// longer: an envelope's paging fields usually come after its list, at the end.
fn snippet(body: &[u8], max: usize) -> String {
    if body.len() <= max {
        return String::from_utf8_lossy(body).into_owned();
    }
    let half = max / 2;
    let head = String::from_utf8_lossy(&body[..half]);
    let tail = String::from_utf8_lossy(&body[body.len() - half..]);
    format!(
        "{head} [... {} bytes left out ...] {tail}",
        body.len() - 2 * half
    )
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn a_short_body_is_kept_whole() {
        assert_eq!(snippet(b"{\"a\":1}", 16), "{\"a\":1}");
    }

    #[test]
    fn a_long_body_keeps_its_start_and_its_end() {
        let body = format!(
            "{{\"result\":[{}],\"paging\":{{\"moreResults\":true}}}}",
            "1,".repeat(500)
        );
        let kept = snippet(body.as_bytes(), 64);
        assert!(kept.starts_with("{\"result\":[1,1,"), "{kept}");
        assert!(kept.ends_with("\"moreResults\":true}}"), "{kept}");
        assert!(kept.contains("bytes left out"), "{kept}");
        assert!(kept.len() < 64 + 40, "{kept}");
    }
}
