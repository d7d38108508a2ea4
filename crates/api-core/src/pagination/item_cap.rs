//! The `max_items` cap: how many items may still be yielded.

/// Items left before the cap; `None` when there is no cap.
#[derive(Clone, Copy, Debug)]
pub(super) struct ItemCap(Option<u64>);

impl ItemCap {
    pub(super) fn new(max_items: Option<u64>) -> Self {
        ItemCap(max_items)
    }

    /// True once no further item may be yielded, so no further page should be fetched.
    pub(super) fn is_reached(&self) -> bool {
        self.0 == Some(0)
    }

    /// Cuts `items` to what the cap allows and counts them; true when the cap is now reached.
    pub(super) fn take<T>(&mut self, items: &mut Vec<T>) -> bool {
        let Some(remaining) = self.0.as_mut() else {
            return false;
        };
        let allowed = usize::try_from(*remaining).unwrap_or(usize::MAX);
        items.truncate(allowed);
        *remaining -= items.len() as u64;
        *remaining == 0
    }

    /// How many full pages of `page_size` the cap still needs; `None` when there is no cap.
    pub(super) fn pages_needed(&self, page_size: u32) -> Option<u64> {
        self.0
            .map(|remaining| remaining.div_ceil(u64::from(page_size.max(1))))
    }
}

#[cfg(test)]
mod tests {
    use super::ItemCap;

    #[test]
    fn take_truncates_to_the_remaining_items() {
        let mut cap = ItemCap::new(Some(5));
        let mut page = vec![1, 2, 3];
        assert!(!cap.take(&mut page));
        let mut page = vec![4, 5, 6];
        assert!(cap.take(&mut page));
        assert_eq!(page, vec![4, 5]);
        assert!(cap.is_reached());
    }

    #[test]
    fn no_cap_takes_everything() {
        let mut cap = ItemCap::new(None);
        let mut page = vec![1; 1000];
        assert!(!cap.take(&mut page));
        assert_eq!(page.len(), 1000);
        assert_eq!(cap.pages_needed(10), None);
    }

    #[test]
    fn pages_needed_rounds_up() {
        assert_eq!(ItemCap::new(Some(0)).pages_needed(10), Some(0));
        assert_eq!(ItemCap::new(Some(10)).pages_needed(10), Some(1));
        assert_eq!(ItemCap::new(Some(11)).pages_needed(10), Some(2));
    }
}
