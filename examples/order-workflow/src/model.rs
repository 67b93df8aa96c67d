//! The data that flows between the steps.

use serde::{Deserialize, Serialize};

/// An order as the shop's front end submits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRequest {
    pub order_id: String,
    pub customer_email: String,
    /// A payment-provider token for the customer's card, never the card number.
    pub card_token: String,
    pub items: Vec<LineItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub sku: String,
    pub quantity: u32,
    pub unit_price_cents: u64,
}

/// A checked order with its total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidOrder {
    pub order_id: String,
    pub customer_email: String,
    pub card_token: String,
    pub items: Vec<LineItem>,
    pub total_cents: u64,
}

/// A person's decision on a big order, sent back through the callback token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    pub approved: bool,
    pub reviewer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub order_id: String,
    pub charge_id: String,
    pub amount_cents: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reservation {
    pub order_id: String,
    pub reservation_id: String,
    pub units: u32,
    /// One pick per line, for the warehouse to ship.
    pub picks: Vec<ShipRequest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundRequest {
    pub order_id: String,
    pub card_token: String,
    pub amount_cents: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refund {
    pub order_id: String,
    pub refund_id: String,
    pub amount_cents: u64,
}

/// One line to ship, with the order it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipRequest {
    pub order_id: String,
    pub sku: String,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    pub sku: String,
    pub quantity: u32,
    pub tracking_number: String,
}

/// What the customer is told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub order_id: String,
    pub email: String,
    pub shipments: Vec<Shipment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The order's row in `Orders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: String,
    pub status: String,
    pub total_cents: u64,
    pub customer_email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderKey {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: String,
}

/// The workflow's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub order_id: String,
    pub charge_id: String,
    pub total_cents: u64,
    pub shipments: Vec<Shipment>,
}
