//! Paging: when signups start failing, CloudWatch raises an alarm and this function turns it into a page.

use lambdaform::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub alarm: String,
    pub urgent: bool,
    pub summary: String,
}

/// An alarm entering ALARM is urgent; OK and INSUFFICIENT_DATA only inform.
pub fn page_for(alarm: &CloudWatchAlarmPayload) -> Page {
    let urgent = alarm.new_state_value == "ALARM";
    let summary = format!(
        "[{}] {}: {} → {} ({})",
        if urgent { "PAGE" } else { "info" },
        alarm.alarm_name,
        alarm.old_state_value,
        alarm.new_state_value,
        alarm.new_state_reason
    );
    Page { alarm: alarm.alarm_name.clone(), urgent, summary }
}

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum PageError {
    #[error("an alarm notification carried no alarm")]
    Empty,
}

#[function(timeout = 10)]
#[alarm(name = "signup-errors", metric = "Errors", function = crate::users::create_user, threshold = 1, comparison = ">=", period = 60, evaluation_periods = 1)]
pub async fn page_oncall(event: SnsEventObj<CloudWatchAlarmPayload>) -> Result<Vec<Page>, PageError> {
    if event.records.is_empty() {
        return Err(PageError::Empty);
    }
    let pages: Vec<Page> = event.records.iter().map(|r| page_for(&r.sns.message)).collect();
    for page in &pages {
        eprintln!("{}", page.summary);
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alarm_state_pages_and_ok_informs() {
        let mut alarm = CloudWatchAlarmPayload::default();
        alarm.alarm_name = "signup-errors".into();
        alarm.old_state_value = "OK".into();
        alarm.new_state_value = "ALARM".into();
        alarm.new_state_reason = "Threshold Crossed".into();
        let page = page_for(&alarm);
        assert!(page.urgent);
        assert_eq!(page.summary, "[PAGE] signup-errors: OK → ALARM (Threshold Crossed)");
        alarm.new_state_value = "OK".into();
        assert!(!page_for(&alarm).urgent);
    }
}
