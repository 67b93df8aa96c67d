use std::future::{Future, IntoFuture};

use futures::stream::{self, StreamExt, TryStreamExt};

use super::distributed::{DistributedMap, Source};
use super::BoxFuture;
use crate::FunctionError;

/// Runs `step` on every item, at most `max_concurrency` at a time, and collects the outputs in item order: a
/// `Map` state whose iteration is one Task. The first failing item fails the whole map, with that item's error,
/// as a Map state without tolerated failures does.
///
/// ```ignore
/// let receipts = map(order.lines, ship).max_concurrency(10).await?;
/// ```
pub fn map<I, O, E, F, Fut>(items: Vec<I>, step: F) -> MapCall<I, F>
where
    F: Fn(I) -> Fut,
    Fut: Future<Output = Result<O, E>>,
{
    MapCall { items, step, max_concurrency: 0 }
}

/// A [`map`] not yet awaited; its settings become the Map state's fields.
pub struct MapCall<I, F> {
    items: Vec<I>,
    step: F,
    max_concurrency: usize,
}

impl<I, F> MapCall<I, F> {
    /// `MaxConcurrency`; 0 (the default) is unlimited.
    pub fn max_concurrency(mut self, n: usize) -> Self {
        self.max_concurrency = n;
        self
    }

    /// A distributed Map: each item runs as a child execution, so the parent's history stays small however many
    /// items there are (not available in Express machines). A failed item fails the Map with
    /// `States.ExceedToleratedFailureThreshold` unless [`tolerated_failures`](DistributedMap::tolerated_failures)
    /// or [`tolerated_failure_percentage`](DistributedMap::tolerated_failure_percentage) allow it.
    pub fn distributed(self) -> DistributedMap<I, F> {
        DistributedMap::new(Source::Items(self.items), self.step, self.max_concurrency)
    }
}

impl<I, O, E, F, Fut> IntoFuture for MapCall<I, F>
where
    I: Send + 'static,
    O: Send + 'static,
    E: FunctionError + Send + 'static,
    F: Fn(I) -> Fut + Send + 'static,
    Fut: Future<Output = Result<O, E>> + Send + 'static,
{
    type Output = Result<Vec<O>, E>;
    type IntoFuture = BoxFuture<'static, Result<Vec<O>, E>>;

    fn into_future(self) -> Self::IntoFuture {
        let MapCall { items, step, max_concurrency } = self;
        let limit = if max_concurrency == 0 { items.len().max(1) } else { max_concurrency };
        Box::pin(stream::iter(items).map(step).buffered(limit).try_collect())
    }
}
