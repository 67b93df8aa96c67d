//! The distributed Map: `map(items, step).distributed()`, `map_objects::<Bucket>(prefix, step)` and
//! `map_file::<Bucket, _>(key, step)`. Each item is a child execution on AWS; natively each item is one call of
//! the step. Failures count against the tolerated thresholds: past them (and, without any, at the first
//! failure) the Map fails with `States.ExceedToleratedFailureThreshold`, as a distributed Map does.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;

use futures::stream::{self, StreamExt};
use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::objects::read_items;
use super::{BoxFuture, Failure};
use crate::FunctionError;

const EXCEEDED: &str = "States.ExceedToleratedFailureThreshold";

/// Where the items come from: written in the body, or read from S3 when the Map starts (`ItemReader`).
pub(super) enum Source<I> {
    Items(Vec<I>),
    Reader(BoxFuture<'static, Result<Vec<I>, Failure>>),
}

/// Marker: no failure is tolerated, the output is the steps' outputs.
pub struct Strict;
/// Marker: failures within the thresholds are tolerated, the output holds them as [`Tolerated::Failed`].
pub struct Tolerant;

/// A distributed Map not yet awaited; its settings become the Map state's fields.
pub struct DistributedMap<I, F, T = Strict> {
    source: Source<I>,
    step: F,
    max_concurrency: usize,
    count: Option<u32>,
    percentage: Option<f64>,
    mode: PhantomData<T>,
}

impl<I, F> DistributedMap<I, F, Strict> {
    pub(super) fn new(source: Source<I>, step: F, max_concurrency: usize) -> Self {
        DistributedMap { source, step, max_concurrency, count: None, percentage: None, mode: PhantomData }
    }
}

impl<I, F, T> DistributedMap<I, F, T> {
    /// `MaxConcurrency`; 0 (the default) is unlimited.
    pub fn max_concurrency(mut self, n: usize) -> Self {
        self.max_concurrency = n;
        self
    }

    /// `ToleratedFailureCount`: up to `n` items may fail without failing the Map.
    pub fn tolerated_failures(self, n: u32) -> DistributedMap<I, F, Tolerant> {
        DistributedMap { count: Some(n), ..self.tolerant() }
    }

    /// `ToleratedFailurePercentage`: up to `p` percent (0 to 100) of the items may fail.
    pub fn tolerated_failure_percentage(self, p: impl Into<f64>) -> DistributedMap<I, F, Tolerant> {
        DistributedMap { percentage: Some(p.into()), ..self.tolerant() }
    }

    fn tolerant(self) -> DistributedMap<I, F, Tolerant> {
        let DistributedMap { source, step, max_concurrency, count, percentage, .. } = self;
        DistributedMap { source, step, max_concurrency, count, percentage, mode: PhantomData }
    }
}

/// An item's entry in a tolerant Map's output: the step's output, or the failure AWS writes in its place
/// (`{"Error": .., "Cause": ..}`, the cause being Lambda's error document).
#[derive(Debug, Clone, PartialEq)]
pub enum Tolerated<O> {
    Done(O),
    Failed { error: String, cause: String },
}

impl<O> Tolerated<O> {
    /// The output, if the item succeeded.
    pub fn ok(self) -> Option<O> {
        match self {
            Tolerated::Done(o) => Some(o),
            Tolerated::Failed { .. } => None,
        }
    }
}

/// The wire form of a failed item.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FailedItem {
    #[serde(rename = "Error")]
    error: String,
    #[serde(rename = "Cause")]
    cause: String,
}

impl<O: Serialize> Serialize for Tolerated<O> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tolerated::Done(o) => o.serialize(s),
            Tolerated::Failed { error, cause } => {
                FailedItem { error: error.clone(), cause: cause.clone() }.serialize(s)
            }
        }
    }
}

impl<'de, O: DeserializeOwned> Deserialize<'de> for Tolerated<O> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // An output that is exactly `{"Error", "Cause"}` is a failed item, as on AWS.
        let value = serde_json::Value::deserialize(d)?;
        if let Ok(f) = serde_json::from_value::<FailedItem>(value.clone()) {
            return Ok(Tolerated::Failed { error: f.error, cause: f.cause });
        }
        serde_json::from_value(value).map(Tolerated::Done).map_err(serde::de::Error::custom)
    }
}

/// The thresholds of one run, over `total` items.
struct Thresholds {
    count: Option<u32>,
    percentage: Option<f64>,
    total: usize,
}

impl Thresholds {
    fn allow(&self, failed: usize) -> bool {
        let within_count = self.count.is_none_or(|c| failed <= c as usize);
        let within_pct = self.percentage.is_none_or(|p| failed as f64 * 100.0 / self.total.max(1) as f64 <= p);
        (self.count.is_some() || self.percentage.is_some()) && within_count && within_pct
    }
}

fn exceeded() -> Failure {
    Failure { error: EXCEEDED, cause: "The specified tolerated failure threshold was exceeded".into() }
}

/// Runs every item, stopping at the first failure past the thresholds; outputs come back in item order.
async fn run<I, O, E, F, Fut>(
    source: Source<I>,
    step: F,
    max_concurrency: usize,
    count: Option<u32>,
    percentage: Option<f64>,
) -> Result<Vec<Tolerated<O>>, Failure>
where
    E: FunctionError,
    F: Fn(I) -> Fut,
    Fut: Future<Output = Result<O, E>>,
{
    let items = match source {
        Source::Items(items) => items,
        Source::Reader(read) => read.await?,
    };
    let thresholds = Thresholds { count, percentage, total: items.len() };
    let limit = if max_concurrency == 0 { items.len().max(1) } else { max_concurrency };
    let calls = items.into_iter().enumerate().map(move |(i, item)| {
        let call = step(item);
        async move { (i, call.await) }
    });
    let mut results = stream::iter(calls).buffer_unordered(limit);
    let mut outputs: Vec<Option<Tolerated<O>>> = (0..thresholds.total).map(|_| None).collect();
    let mut failed = 0;
    while let Some((i, result)) = results.next().await {
        outputs[i] = Some(match result {
            Ok(o) => Tolerated::Done(o),
            Err(e) => {
                failed += 1;
                if !thresholds.allow(failed) {
                    return Err(exceeded());
                }
                let cause = serde_json::json!({"errorMessage": e.to_string(), "errorType": e.error_type()});
                Tolerated::Failed { error: e.error_type().to_string(), cause: cause.to_string() }
            }
        });
    }
    Ok(outputs.into_iter().flatten().collect())
}

impl<I, O, E, F, Fut> IntoFuture for DistributedMap<I, F, Strict>
where
    I: Send + 'static,
    O: Send + 'static,
    E: FunctionError + Send + 'static,
    F: Fn(I) -> Fut + Send + 'static,
    Fut: Future<Output = Result<O, E>> + Send + 'static,
{
    type Output = Result<Vec<O>, Failure>;
    type IntoFuture = BoxFuture<'static, Result<Vec<O>, Failure>>;

    fn into_future(self) -> Self::IntoFuture {
        let DistributedMap { source, step, max_concurrency, .. } = self;
        Box::pin(async move {
            // Without thresholds every failure is past them, so every entry is an output.
            let all = run(source, step, max_concurrency, None, None).await?;
            Ok(all.into_iter().filter_map(Tolerated::ok).collect())
        })
    }
}

impl<I, O, E, F, Fut> IntoFuture for DistributedMap<I, F, Tolerant>
where
    I: Send + 'static,
    O: Send + 'static,
    E: FunctionError + Send + 'static,
    F: Fn(I) -> Fut + Send + 'static,
    Fut: Future<Output = Result<O, E>> + Send + 'static,
{
    type Output = Result<Vec<Tolerated<O>>, Failure>;
    type IntoFuture = BoxFuture<'static, Result<Vec<Tolerated<O>>, Failure>>;

    fn into_future(self) -> Self::IntoFuture {
        let DistributedMap { source, step, max_concurrency, count, percentage, .. } = self;
        Box::pin(run(source, step, max_concurrency, count, percentage))
    }
}

/// The items of a distributed Map read from one S3 object when it starts (`s3:getObject`).
pub(super) fn file_source<I: DeserializeOwned + Send + 'static>(
    bucket: &'static str,
    key: String,
    csv: bool,
) -> Source<I> {
    Source::Reader(Box::pin(read_items(bucket, key, csv)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Odd(i64);
    impl std::fmt::Display for Odd {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{} is odd", self.0)
        }
    }
    impl FunctionError for Odd {
        fn error_type(&self) -> &'static str {
            "Odd"
        }
    }

    async fn even(n: i64) -> Result<i64, Odd> {
        if n % 2 == 0 {
            Ok(n)
        } else {
            Err(Odd(n))
        }
    }

    #[tokio::test]
    async fn failures_within_the_thresholds_are_kept_in_place() {
        let items = vec![2, 3, 4, 5];
        let all = DistributedMap::new(Source::Items(items.clone()), even, 0).tolerated_failures(2).await.unwrap();
        assert_eq!(all[0], Tolerated::Done(2));
        assert_eq!(
            all[1],
            Tolerated::Failed { error: "Odd".into(), cause: r#"{"errorMessage":"3 is odd","errorType":"Odd"}"#.into() }
        );
        let text = serde_json::to_string(&all).unwrap();
        assert_eq!(serde_json::from_str::<Vec<Tolerated<i64>>>(&text).unwrap(), all);
        let over = DistributedMap::new(Source::Items(items.clone()), even, 1).tolerated_failure_percentage(25.0).await;
        assert_eq!(over.unwrap_err().error, EXCEEDED);
        let strict = DistributedMap::new(Source::Items(items), even, 0).await;
        assert_eq!(strict.unwrap_err().error, EXCEEDED);
        let fine = DistributedMap::new(Source::Items(vec![2, 4]), even, 0).await.unwrap();
        assert_eq!(fine, [2, 4]);
    }
}
