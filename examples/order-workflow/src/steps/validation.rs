//! Checks an order as submitted and prices it.

use lambdaform::prelude::*;

use crate::model::{OrderRequest, ValidOrder};

/// Orders above this need no approval but cannot be placed at all online.
pub const MAX_TOTAL_CENTS: u64 = 5_000_000;
pub const MAX_QUANTITY: u32 = 100;
/// Lines per order: each becomes a parcel booking (a Map iteration) in the workflow.
pub const MAX_LINES: usize = 50;

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum ValidationError {
    #[error("the order has no items")]
    EmptyOrder,
    #[error("item {sku}: quantity {quantity} is not between 1 and 100")]
    BadQuantity { sku: String, quantity: u32 },
    #[error("`{0}` is not an email address")]
    BadEmail(String),
    #[error("the total of {0} cents is over the online limit")]
    TooLarge(u64),
    #[error("{0} lines is over the limit of 50 per order")]
    TooManyLines(usize),
}
super::into_failure!(ValidationError);

pub fn check(order: OrderRequest) -> Result<ValidOrder, ValidationError> {
    if order.items.is_empty() {
        return Err(ValidationError::EmptyOrder);
    }
    if order.items.len() > MAX_LINES {
        return Err(ValidationError::TooManyLines(order.items.len()));
    }
    let (name, domain) = order.customer_email.split_once('@').unwrap_or_default();
    if name.is_empty() || !domain.contains('.') {
        return Err(ValidationError::BadEmail(order.customer_email));
    }
    if let Some(bad) = order.items.iter().find(|i| i.quantity == 0 || i.quantity > MAX_QUANTITY) {
        return Err(ValidationError::BadQuantity { sku: bad.sku.clone(), quantity: bad.quantity });
    }
    let total_cents = order.items.iter().map(|i| i.unit_price_cents * u64::from(i.quantity)).sum();
    if total_cents > MAX_TOTAL_CENTS {
        return Err(ValidationError::TooLarge(total_cents));
    }
    Ok(ValidOrder {
        order_id: order.order_id,
        customer_email: order.customer_email,
        card_token: order.card_token,
        items: order.items,
        total_cents,
    })
}

#[function(timeout = 10)]
pub async fn validate(order: OrderRequest) -> Result<ValidOrder, ValidationError> {
    check(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineItem;

    fn order(items: Vec<LineItem>) -> OrderRequest {
        OrderRequest {
            order_id: "o-1".into(),
            customer_email: "ann@example.com".into(),
            card_token: "tok_visa".into(),
            items,
        }
    }

    fn item(sku: &str, quantity: u32, unit_price_cents: u64) -> LineItem {
        LineItem { sku: sku.into(), quantity, unit_price_cents }
    }

    #[test]
    fn prices_a_good_order() {
        let valid = check(order(vec![item("mug", 2, 1_250), item("tea", 1, 800)])).unwrap();
        assert_eq!(valid.total_cents, 3_300);
    }

    #[test]
    fn refuses_bad_orders_with_the_reason() {
        assert_eq!(check(order(vec![])), Err(ValidationError::EmptyOrder));
        assert_eq!(
            check(order(vec![item("mug", 0, 1)])),
            Err(ValidationError::BadQuantity { sku: "mug".into(), quantity: 0 })
        );
        let mut bad_email = order(vec![item("mug", 1, 1)]);
        bad_email.customer_email = "ann".into();
        assert_eq!(check(bad_email), Err(ValidationError::BadEmail("ann".into())));
        assert_eq!(check(order(vec![item("piano", 2, 3_000_000)])), Err(ValidationError::TooLarge(6_000_000)));
        let many = (0..=MAX_LINES).map(|i| item(&format!("sku-{i}"), 1, 1)).collect();
        assert_eq!(check(order(many)), Err(ValidationError::TooManyLines(MAX_LINES + 1)));
        assert_eq!(ValidationError::EmptyOrder.error_type(), "EmptyOrder");
    }
}
