//! `charge`: a second function with a typed error, so the dispatch test sees `errorType` carry the variant name
//! and a warm-up ping that, were it to reach this handler, would fail as `InvalidAmount`.

use std::fmt;

use lambdaform::{function, FunctionError};
use serde::{Deserialize, Serialize};

/// Every field defaults, so any JSON object reaches the handler, the warm-up ping included, unless the glue
/// stops it first.
#[derive(Debug, Deserialize)]
struct Charge {
    #[serde(default)]
    order_id: String,
    #[serde(default)]
    amount_cents: i64,
}

#[derive(Debug, Serialize)]
struct Receipt {
    order_id: String,
    charged_cents: i64,
}

/// The largest charge accepted without review.
const LIMIT_CENTS: i64 = 100_000;

#[derive(Debug, FunctionError)]
enum PaymentError {
    InvalidAmount(i64),
    Declined { amount_cents: i64 },
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaymentError::InvalidAmount(cents) => write!(f, "cannot charge {cents} cents"),
            PaymentError::Declined { amount_cents } => {
                write!(f, "{amount_cents} cents is over the {LIMIT_CENTS} cent limit")
            }
        }
    }
}

#[function]
async fn charge(charge: Charge) -> Result<Receipt, PaymentError> {
    match charge.amount_cents {
        cents if cents <= 0 => Err(PaymentError::InvalidAmount(cents)),
        cents if cents > LIMIT_CENTS => Err(PaymentError::Declined { amount_cents: cents }),
        cents => Ok(Receipt { order_id: charge.order_id, charged_cents: cents }),
    }
}
