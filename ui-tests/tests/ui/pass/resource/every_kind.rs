use lambdaform::prelude::*;

#[table(partition_key = "id")]
pub struct Users;

#[table(
    partition_key = ("tenant", binary),
    sort_key = ("created", number),
    billing = provisioned(read = 5, write = 2),
    stream = keys_only,
    retain = false
)]
struct Events;

#[table(partition_key = ("pk", string), sort_key = "sk", billing = on_demand, stream = old_image, retain = true)]
struct Sessions;

#[bucket]
pub struct Uploads;

#[bucket(retain = false)]
struct Scratch;

#[topic]
struct Alerts;

#[topic(fifo, retain = true)]
struct Orders;

#[queue]
struct Jobs;

#[queue(fifo, visibility_timeout = "12h", retention = "14d", dlq(max_receive = 1000), retain = false)]
struct Payments;

#[queue(visibility_timeout = 0, retention = 60, dlq(max_receive = 1))]
struct Quick;

/// Doc comments and other attributes stay on the type.
#[derive(Debug, Clone, Copy)]
#[queue(visibility_timeout = "90s")]
pub(crate) struct Documented;

// Each kind gets accessors for what the template passes in; outside Lambda they report what is missing.
fn main() {
    let missing = Users::name().unwrap_err();
    assert_eq!(missing.resource, "Users");
    assert_eq!(missing.variable, "LAMBDAFORM_USERS_NAME");
    assert_eq!(Payments::url().unwrap_err().variable, "LAMBDAFORM_PAYMENTS_URL");
    let results = [
        Events::arn(),
        Sessions::name(),
        Uploads::name(),
        Uploads::arn(),
        Scratch::arn(),
        Alerts::arn(),
        Orders::name(),
        Jobs::url(),
        Jobs::arn(),
        Quick::name(),
        Documented::url(),
    ];
    assert!(results.iter().all(Result::is_err));
    let _ = Documented.clone();
}
