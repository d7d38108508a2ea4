//! Prefetching: a spawned producer walks the listing ahead of the consumer, so page n+1
//! downloads while page n is being processed, even when the consumer is not polling.
//!
//! A semaphore with `depth` permits bounds the look-ahead: the producer takes a permit before each
//! fetch, and the permit travels with the page until the consumer takes the page out of the
//! stream. So at most `depth` pages are fetched or in flight but unread. Dropping the stream
//! drops the producer's [`AbortOnDrop`] handle, which cancels the fetch in flight.

use std::sync::Arc;

use futures::stream::{BoxStream, StreamExt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use super::Page;
use super::abort_on_drop::AbortOnDrop;
use super::walker::Walker;
use crate::Error;

type Delivery<T> = (Result<Page<T>, Error>, OwnedSemaphorePermit);

/// The walk as a stream fed by a producer task, started on the first poll.
pub(super) fn pages<T: Send + 'static>(
    walker: Walker<T>,
    depth: usize,
) -> BoxStream<'static, Result<Page<T>, Error>> {
    let operation = walker.operation();
    async_stream::stream! {
        let permits = Arc::new(Semaphore::new(depth.min(Semaphore::MAX_PERMITS)));
        // Unbounded in type only: the permits bound what can be queued.
        let (sender, mut receiver) = mpsc::unbounded_channel::<Delivery<T>>();
        let producer = AbortOnDrop::spawn(produce(walker, permits, sender));
        while let Some((page, permit)) = receiver.recv().await {
            // Handing the page over frees its slot: the producer fetches ahead while the
            // consumer works on this one.
            drop(permit);
            yield page;
        }
        // The channel closes when the producer returns; a panic in the fetcher ends it early.
        if let Err(join_error) = producer.await
            && join_error.is_panic()
        {
            yield Err(Error::Pagination {
                operation,
                message: "a page fetch panicked".to_owned(),
            });
        }
    }
    .boxed()
}

async fn produce<T: Send + 'static>(
    mut walker: Walker<T>,
    permits: Arc<Semaphore>,
    sender: mpsc::UnboundedSender<Delivery<T>>,
) {
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return;
        };
        let Some(page) = walker.next_page().await else {
            return;
        };
        let failed = page.is_err();
        if sender.send((page, permit)).is_err() || failed {
            return;
        }
    }
}
