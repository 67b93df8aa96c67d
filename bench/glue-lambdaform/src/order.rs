//! The benchmark's business logic, free of any Lambda glue: both benchmark binaries include this very file, so
//! the only difference between them is the glue around it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct Order {
    pub id: String,
    pub items: Vec<Item>,
}

/// An order line; its `sku` and any other field are skipped, as the total does not need them.
#[derive(Debug, Deserialize)]
pub struct Item {
    pub quantity: u32,
    pub unit_cents: u64,
}

#[derive(Debug, Serialize)]
pub struct Total {
    pub id: String,
    pub items: u32,
    pub total_cents: u64,
}

/// Sums the order; saturating, so a hostile order cannot overflow it.
pub fn total(order: Order) -> Total {
    let (items, total_cents) = order.items.iter().fold((0u32, 0u64), |(count, sum), item| {
        (
            count.saturating_add(item.quantity),
            sum.saturating_add(u64::from(item.quantity).saturating_mul(item.unit_cents)),
        )
    });
    Total { id: order.id, items, total_cents }
}
