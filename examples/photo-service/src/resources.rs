//! The service's stateful resources. Their type names are their identities: renaming one replaces it.

use lambdaform::prelude::*;

/// Users, keyed by id; the stream announces signups.
#[table(partition_key = "id", stream = new_image)]
pub struct Users;

/// Uploaded images (`images/`) and their thumbnails (`thumbnails/`).
#[bucket]
pub struct Uploads;

/// One message per signup.
#[topic]
pub struct Signups;

/// Welcome e-mails waiting to be sent; undeliverable ones land in its dead-letter queue after three tries.
#[queue(visibility_timeout = "1m", dlq(max_receive = 3))]
pub struct Emails;
