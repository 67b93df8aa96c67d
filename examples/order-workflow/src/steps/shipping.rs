//! Books a parcel for one line of an order. Tracking numbers derive from the order and SKU, so a retried
//! booking gets the same parcel.

use lambdaform::prelude::*;

use crate::model::{ShipRequest, Shipment};

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum ShippingError {
    #[error("no carrier takes {0}")]
    NoCarrier(String),
}
super::into_failure!(ShippingError);

/// FNV-1a: a stable hash (std's hasher may change between Rust releases).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub fn book(request: &ShipRequest) -> Result<Shipment, ShippingError> {
    if request.sku.starts_with("hazmat-") {
        return Err(ShippingError::NoCarrier(request.sku.clone()));
    }
    let tracking = fnv1a(&format!("{}/{}", request.order_id, request.sku)) % 10_000_000_000;
    Ok(Shipment { sku: request.sku.clone(), quantity: request.quantity, tracking_number: format!("TRK{tracking:010}") })
}

#[function(timeout = 30)]
pub async fn ship_item(request: ShipRequest) -> Result<Shipment, ShippingError> {
    book(&request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_are_stable_per_line() {
        let request = ShipRequest { order_id: "o-1".into(), sku: "mug".into(), quantity: 2 };
        let first = book(&request).unwrap();
        assert_eq!(first, book(&request).unwrap());
        assert_eq!(first.tracking_number.len(), 13);
        let other = book(&ShipRequest { sku: "tea".into(), ..request.clone() }).unwrap();
        assert_ne!(first.tracking_number, other.tracking_number);
        assert!(book(&ShipRequest { sku: "hazmat-ink".into(), ..request }).is_err());
    }
}
