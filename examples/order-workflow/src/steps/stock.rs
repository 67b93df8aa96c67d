//! Holds stock for an order and produces the warehouse's pick list. The warehouse keeps at most
//! [`MAX_UNITS_PER_SKU`] units of a SKU, and none of a `discontinued-` one.

use lambdaform::prelude::*;

use crate::model::{Reservation, ShipRequest, ValidOrder};

pub const MAX_UNITS_PER_SKU: u32 = 50;

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum StockError {
    #[error("{sku}: {wanted} wanted, {available} available")]
    OutOfStock { sku: String, wanted: u32, available: u32 },
}
super::into_failure!(StockError);

pub fn available(sku: &str) -> u32 {
    if sku.starts_with("discontinued-") {
        0
    } else {
        MAX_UNITS_PER_SKU
    }
}

pub fn reserve(order: &ValidOrder) -> Result<Reservation, StockError> {
    for item in &order.items {
        let available = available(&item.sku);
        if item.quantity > available {
            return Err(StockError::OutOfStock { sku: item.sku.clone(), wanted: item.quantity, available });
        }
    }
    let picks = order
        .items
        .iter()
        .map(|i| ShipRequest { order_id: order.order_id.clone(), sku: i.sku.clone(), quantity: i.quantity })
        .collect();
    Ok(Reservation {
        order_id: order.order_id.clone(),
        reservation_id: format!("rsv_{}", order.order_id),
        units: order.items.iter().map(|i| i.quantity).sum(),
        picks,
    })
}

#[function(timeout = 30)]
pub async fn reserve_stock(order: ValidOrder) -> Result<Reservation, StockError> {
    reserve(&order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineItem;

    fn order(sku: &str, quantity: u32) -> ValidOrder {
        ValidOrder {
            order_id: "o-1".into(),
            customer_email: "ann@example.com".into(),
            card_token: "tok".into(),
            items: vec![LineItem { sku: sku.into(), quantity, unit_price_cents: 100 }],
            total_cents: 100,
        }
    }

    #[test]
    fn reserves_what_is_there_and_lists_the_picks() {
        let held = reserve(&order("mug", 3)).unwrap();
        assert_eq!(held.units, 3);
        assert_eq!(held.picks, [ShipRequest { order_id: "o-1".into(), sku: "mug".into(), quantity: 3 }]);
        assert_eq!(
            reserve(&order("discontinued-lamp", 1)),
            Err(StockError::OutOfStock { sku: "discontinued-lamp".into(), wanted: 1, available: 0 })
        );
        assert!(reserve(&order("mug", 51)).is_err());
    }
}
