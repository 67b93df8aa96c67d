//! Big orders wait for a person: this step files the review request, and the workflow waits until a reviewer
//! answers through the task token (`SendTaskSuccess` with an [`Approval`]).

use lambdaform::prelude::*;
use serde::Serialize;

use crate::model::{Approval, ValidOrder};

/// What a reviewer sees, with the token their answer must carry.
#[derive(Debug, PartialEq, Serialize)]
pub struct ReviewRequest {
    pub order_id: String,
    pub summary: String,
    pub task_token: String,
}

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum ApprovalError {
    #[error("the callback arrived without a task token")]
    MissingToken,
}
super::into_failure!(ApprovalError);

pub fn review_request(request: &Callback<ValidOrder, Approval>) -> Result<ReviewRequest, ApprovalError> {
    let token = request.token.as_str();
    if token.is_empty() {
        return Err(ApprovalError::MissingToken);
    }
    let order = &request.input;
    let units: u32 = order.items.iter().map(|i| i.quantity).sum();
    Ok(ReviewRequest {
        order_id: order.order_id.clone(),
        summary: format!(
            "{} wants {units} unit(s) for {}.{:02}",
            order.customer_email,
            order.total_cents / 100,
            order.total_cents % 100
        ),
        task_token: token.to_string(),
    })
}

#[function(timeout = 10)]
pub async fn approve(request: Callback<ValidOrder, Approval>) -> Result<(), ApprovalError> {
    let review = review_request(&request)?;
    // The reviewers' tool reads these structured log lines; the answer comes back through the token.
    eprintln!("{}", serde_json::json!({"review_request": review}));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineItem;

    fn request(token: &str) -> Callback<ValidOrder, Approval> {
        let items = vec![LineItem { sku: "piano".into(), quantity: 1, unit_price_cents: 250_000 }];
        let input = ValidOrder {
            order_id: "o-9".into(),
            customer_email: "ann@example.com".into(),
            card_token: "tok".into(),
            items,
            total_cents: 250_005,
        };
        Callback { token: TaskToken::new(token), input }
    }

    #[test]
    fn the_review_request_carries_the_token_and_a_summary() {
        let review = review_request(&request("t-1")).unwrap();
        assert_eq!(review.task_token, "t-1");
        assert_eq!(review.summary, "ann@example.com wants 1 unit(s) for 2500.05");
        assert_eq!(review_request(&request("")), Err(ApprovalError::MissingToken));
    }
}
