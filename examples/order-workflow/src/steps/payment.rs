//! Payments through the card provider. The provider's sandbox behaviour is built in: test card tokens decide the
//! answer, as payment sandboxes do (`tok_declined…` is declined, `tok_gateway_down…` finds the gateway down).

use lambdaform::prelude::*;

use crate::model::{Payment, Refund, RefundRequest, ValidOrder};

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum PaymentError {
    #[error("the card was declined")]
    Declined,
    #[error("the payment gateway did not answer")]
    GatewayUnavailable,
    #[error("nothing to refund for order {0}")]
    NothingToRefund(String),
}
super::into_failure!(PaymentError);

fn gateway(card_token: &str) -> Result<(), PaymentError> {
    if card_token.starts_with("tok_declined") {
        Err(PaymentError::Declined)
    } else if card_token.starts_with("tok_gateway_down") {
        Err(PaymentError::GatewayUnavailable)
    } else {
        Ok(())
    }
}

pub fn capture(order: &ValidOrder) -> Result<Payment, PaymentError> {
    gateway(&order.card_token)?;
    // The order id is the idempotency key: a retried charge never captures twice.
    Ok(Payment {
        order_id: order.order_id.clone(),
        charge_id: format!("ch_{}", order.order_id),
        amount_cents: order.total_cents,
    })
}

pub fn give_back(request: &RefundRequest) -> Result<Refund, PaymentError> {
    if request.amount_cents == 0 {
        return Err(PaymentError::NothingToRefund(request.order_id.clone()));
    }
    gateway(&request.card_token)?;
    Ok(Refund {
        order_id: request.order_id.clone(),
        refund_id: format!("re_{}", request.order_id),
        amount_cents: request.amount_cents,
    })
}

#[function(timeout = 30)]
pub async fn charge(order: ValidOrder) -> Result<Payment, PaymentError> {
    capture(&order)
}

/// Refunds what was captured for the order (by its idempotency key); a refund of an order never charged is a
/// no-op at the provider.
#[function(timeout = 30)]
pub async fn refund(request: RefundRequest) -> Result<Refund, PaymentError> {
    give_back(&request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(card: &str) -> ValidOrder {
        ValidOrder {
            order_id: "o-1".into(),
            customer_email: "ann@example.com".into(),
            card_token: card.into(),
            items: vec![],
            total_cents: 900,
        }
    }

    #[test]
    fn sandbox_tokens_decide_the_answer() {
        assert_eq!(capture(&order("tok_visa")).unwrap().charge_id, "ch_o-1");
        assert_eq!(capture(&order("tok_declined_1")), Err(PaymentError::Declined));
        assert_eq!(capture(&order("tok_gateway_down")), Err(PaymentError::GatewayUnavailable));
    }

    #[test]
    fn refunds_need_an_amount() {
        let request = RefundRequest { order_id: "o-1".into(), card_token: "tok_visa".into(), amount_cents: 900 };
        assert_eq!(give_back(&request).unwrap().refund_id, "re_o-1");
        let nothing = RefundRequest { amount_cents: 0, ..request };
        assert_eq!(give_back(&nothing), Err(PaymentError::NothingToRefund("o-1".into())));
    }
}
