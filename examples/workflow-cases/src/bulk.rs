//! Distributed Maps: items written in the input, or read from the `Inbox` bucket (a listing, a JSON array, a
//! CSV file), with and without tolerated failures.

#![allow(deprecated)]

use lambdaform::prelude::*;

use crate::data::{Batch, Line, Num, ObjectKey, Prefix};
use crate::resources::Inbox;
use crate::steps::{check, NumError};

/// An object's size; objects over 1000 bytes fail.
#[function]
pub async fn object_size(object: S3Object) -> Result<Num, NumError> {
    let n = object.size as i64;
    if n > 1000 {
        return Err(NumError::TooBig(n));
    }
    Ok(Num { n })
}

#[function]
pub async fn label_line(line: Line) -> Result<String, NumError> {
    Ok(format!("{}={}", line.id, line.name))
}

/// `map_objects`: every object under a prefix; any failure fails the Map.
#[state_machine]
pub async fn listed(input: Prefix) -> Result<Vec<Num>, Failure> {
    let sizes = Inbox::map_objects(input.prefix, object_size).max_concurrency(2).await?;
    Ok(sizes)
}

/// `map_objects` tolerating one failed object.
#[state_machine]
pub async fn listed_tolerant(input: Prefix) -> Result<Vec<Tolerated<Num>>, Failure> {
    let sizes = Inbox::map_objects(input.prefix, object_size).tolerated_failures(1).await?;
    Ok(sizes)
}

/// `map_file`: the items of a JSON array object.
#[state_machine]
pub async fn from_file(input: ObjectKey) -> Result<Vec<Num>, Failure> {
    let checked = Inbox::map_file(input.key, check).await?;
    Ok(checked)
}

/// `map_file` tolerating up to 40 % failed items.
#[state_machine]
pub async fn from_file_tolerant(input: ObjectKey) -> Result<Vec<Tolerated<Num>>, Failure> {
    let checked = Inbox::map_file(input.key, check).tolerated_failure_percentage(40).await?;
    Ok(checked)
}

/// `map_csv`: one item per row, named by the header.
#[state_machine]
pub async fn from_csv(input: ObjectKey) -> Result<Vec<String>, Failure> {
    let labels = Inbox::map_csv(input.key, label_line).await?;
    Ok(labels)
}

/// `map(..).distributed()` over the input's items: a failed item fails the Map past its (zero) threshold.
#[state_machine]
pub async fn distributed_strict(input: Batch) -> Result<Vec<Num>, Failure> {
    let checked = map(input.items, check).distributed().await?;
    Ok(checked)
}

/// `map(..).distributed()` tolerating one failure, then using the count.
#[state_machine]
pub async fn distributed_tolerant(input: Batch) -> Result<usize, Failure> {
    let checked = map(input.items, check).distributed().max_concurrency(1).tolerated_failures(1).await?;
    Ok(checked.len())
}
