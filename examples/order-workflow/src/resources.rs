//! What the workflow stores and tells: one table row per order, one topic for customer notifications.

use lambdaform::prelude::*;

/// One item per order, keyed by its id; the workflow writes its progress here.
#[table(partition_key = "id")]
pub struct Orders;

/// Customer notifications (an email or SMS sender subscribes to it).
#[topic]
pub struct Notifications;
