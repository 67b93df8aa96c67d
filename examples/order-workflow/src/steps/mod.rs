//! The service's functions. Each is an ordinary Lambda function; the workflow calls them as steps. (Modules are
//! not named like their function: `#[function]` declares a type of the function's name beside it.)

pub mod approval;
pub mod notification;
pub mod payment;
pub mod shipping;
pub mod stock;
pub mod validation;

pub use approval::approve;
pub use notification::notify;
pub use payment::{charge, refund};
pub use shipping::ship_item;
pub use stock::reserve_stock;
pub use validation::validate;

/// A step's error as the workflow reports it: its variant name and message, unchanged.
macro_rules! into_failure {
    ($error:ty) => {
        impl From<$error> for lambdaform::workflow::Failure {
            fn from(error: $error) -> Self {
                lambdaform::workflow::Failure::from_error(error)
            }
        }
    };
}
pub(crate) use into_failure;
