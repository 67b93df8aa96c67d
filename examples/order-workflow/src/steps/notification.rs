//! Writes the customer's shipping notice; the workflow publishes it to `Notifications`.

use lambdaform::prelude::*;

use crate::model::{Message, Notice};

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum NoticeError {
    #[error("order {0} has no shipments to announce")]
    NothingShipped(String),
}
super::into_failure!(NoticeError);

pub fn compose(notice: &Notice) -> Result<Message, NoticeError> {
    if notice.shipments.is_empty() {
        return Err(NoticeError::NothingShipped(notice.order_id.clone()));
    }
    let lines: Vec<String> = notice
        .shipments
        .iter()
        .map(|s| format!("- {} x{}: tracking {}", s.sku, s.quantity, s.tracking_number))
        .collect();
    Ok(Message {
        to: notice.email.clone(),
        subject: format!("Order {} has shipped", notice.order_id),
        body: format!("Your order {} is on its way:\n{}", notice.order_id, lines.join("\n")),
    })
}

#[function(timeout = 10)]
pub async fn notify(notice: Notice) -> Result<Message, NoticeError> {
    compose(&notice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Shipment;

    #[test]
    fn lists_every_parcel() {
        let shipment = Shipment { sku: "mug".into(), quantity: 2, tracking_number: "TRK0000000001".into() };
        let notice = Notice { order_id: "o-1".into(), email: "ann@example.com".into(), shipments: vec![shipment] };
        let message = compose(&notice).unwrap();
        assert_eq!(message.subject, "Order o-1 has shipped");
        assert_eq!(message.body, "Your order o-1 is on its way:\n- mug x2: tracking TRK0000000001");
        let empty = Notice { shipments: vec![], ..notice };
        assert_eq!(compose(&empty), Err(NoticeError::NothingShipped("o-1".into())));
    }
}
