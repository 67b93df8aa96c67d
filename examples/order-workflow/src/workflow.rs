//! The `order` workflow: the same body runs as plain Rust and, compiled by `#[state_machine]`, as a Step
//! Functions state machine.

// The Map over the pick list has a run-time item count, which the macro warns about (no static bound on the
// history); `validate` caps an order at MAX_LINES lines, well inside AWS's 25,000 events.
#![allow(deprecated)]

use std::time::Duration;

use lambdaform::prelude::*;

use crate::model::{Notice, OrderKey, OrderRequest, OrderRow, Receipt, RefundRequest, StatusChange};
use crate::resources::{Notifications, Orders};
use crate::steps::{approve, charge, notify, payment, reserve_stock, ship_item, validate};

/// Orders above this total (in cents) wait for a person's approval.
pub const APPROVAL_THRESHOLD_CENTS: u64 = 100_000;

#[state_machine(timeout = "7d")]
pub async fn order(input: OrderRequest) -> Result<Receipt, Failure> {
    let valid = validate(input).await?;
    Orders::put(OrderRow {
        id: valid.order_id.clone(),
        status: "validated".to_string(),
        total_cents: valid.total_cents,
        customer_email: valid.customer_email.clone(),
    })
    .await?;
    // The threshold is APPROVAL_THRESHOLD_CENTS, written out: the definition holds literals only.
    if valid.total_cents > 100000 {
        let approval = callback(approve, valid.clone()).heartbeat(3600).timeout(172800).await?;
        if !approval.approved {
            Orders::update(OrderKey { id: valid.order_id.clone() }, StatusChange { status: "rejected".to_string() })
                .await?;
            return fail("Rejected", "a reviewer turned the order down");
        }
    }
    let (payment, held) = match join!(charge(valid.clone()), reserve_stock(valid.clone())).await {
        Ok(both) => both,
        Err(_) => {
            // Compensation: whichever branch failed, give back what may have been captured.
            // Called through its module: `#[retry(on = ..)]` checks the variants against the error type
            // `#[function]` declares beside the step.
            #[retry(on = [GatewayUnavailable], attempts = 4, interval = "2s", backoff = 2.0, max_delay = "30s")]
            let _refunded = payment::refund(RefundRequest {
                order_id: valid.order_id.clone(),
                card_token: valid.card_token.clone(),
                amount_cents: valid.total_cents,
            })
            .await?;
            Orders::update(OrderKey { id: valid.order_id.clone() }, StatusChange { status: "refunded".to_string() })
                .await?;
            return fail("OrderCancelled", "payment or stock reservation failed; the charge was refunded");
        }
    };
    let shipments = map(held.picks, ship_item).max_concurrency(5).await?;
    // The carrier collects parcels hourly; tell the customer once they are on the way.
    sleep(Duration::from_hours(1)).await;
    let message = notify(Notice {
        order_id: valid.order_id.clone(),
        email: valid.customer_email.clone(),
        shipments: shipments.clone(),
    })
    .await?;
    Notifications::publish(message).await?;
    Orders::update(OrderKey { id: valid.order_id.clone() }, StatusChange { status: "shipped".to_string() }).await?;
    Ok(Receipt { order_id: valid.order_id, charge_id: payment.charge_id, total_cents: valid.total_cents, shipments })
}
