//! The event JSON each trigger hands a handler, in the shapes AWS sends, filled in from the service's own
//! names (see [`crate::names`]).

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use crate::names::{Names, ACCOUNT, REGION};
use crate::sns::Attributes;
use crate::sqs::Message;

fn millis(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn seconds(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// What happened to an object, for an S3 notification.
pub struct ObjectEvent<'a> {
    /// The declared bucket's name.
    pub bucket: &'a str,
    pub key: &'a str,
    /// `ObjectCreated:Put` or `ObjectRemoved:Delete`.
    pub event_name: &'a str,
    pub size: usize,
    pub etag: &'a str,
    pub time: DateTime<Utc>,
    /// The notification's configuration id: the function it is for.
    pub configuration: &'a str,
}

pub fn s3(names: &Names, e: &ObjectEvent) -> Value {
    let request_id = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    let mut object = json!({
        "key": crate::s3::event_key(e.key),
        "sequencer": format!("{:016X}", e.time.timestamp_nanos_opt().unwrap_or_default()),
    });
    if e.event_name.starts_with("ObjectCreated") {
        object["size"] = json!(e.size);
        object["eTag"] = json!(e.etag);
    }
    json!({"Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": REGION,
        "eventTime": millis(e.time),
        "eventName": e.event_name,
        "userIdentity": {"principalId": format!("AWS:{ACCOUNT}")},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": &request_id[..16], "x-amz-id-2": request_id},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": e.configuration,
            "bucket": {
                "name": names.bucket(e.bucket),
                "ownerIdentity": {"principalId": ACCOUNT},
                "arn": names.bucket_arn(e.bucket),
            },
            "object": object,
        },
    }]})
}

/// One SNS notification as a Lambda subscriber receives it.
pub struct Notification<'a> {
    pub topic_arn: &'a str,
    pub subscriber: &'a str,
    pub message_id: &'a str,
    pub subject: Option<&'a str>,
    pub message: &'a str,
    pub attributes: &'a Attributes,
    pub time: DateTime<Utc>,
}

pub fn sns(n: &Notification) -> Value {
    let subscription =
        format!("{}:{}", n.topic_arn, uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, n.subscriber.as_bytes()));
    let attributes: Map<String, Value> =
        n.attributes.iter().map(|(k, a)| (k.clone(), json!({"Type": a.data_type, "Value": a.value}))).collect();
    json!({"Records": [{
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": subscription,
        "Sns": {
            "Type": "Notification",
            "MessageId": n.message_id,
            "TopicArn": n.topic_arn,
            "Subject": n.subject,
            "Message": n.message,
            "Timestamp": millis(n.time),
            "SignatureVersion": "1",
            "Signature": "bG9jYWw=",
            "SigningCertUrl": format!("https://sns.{REGION}.amazonaws.com/SimpleNotificationService-local.pem"),
            "UnsubscribeUrl": format!("https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription}"),
            "MessageAttributes": attributes,
        },
    }]})
}

pub fn sqs(queue_arn: &str, messages: &[Message]) -> Value {
    let records: Vec<Value> = messages
        .iter()
        .map(|m| {
            let attributes: Map<String, Value> = m
                .attributes
                .iter()
                .map(|(k, a)| {
                    let value = if a.base_type() == "Binary" {
                        json!({"binaryValue": a.value, "dataType": a.data_type, "stringListValues": [], "binaryListValues": []})
                    } else {
                        json!({"stringValue": a.value, "dataType": a.data_type, "stringListValues": [], "binaryListValues": []})
                    };
                    (k.clone(), value)
                })
                .collect();
            json!({
                "messageId": m.message_id,
                "receiptHandle": m.receipt_handle,
                "body": m.body,
                "attributes": {
                    "ApproximateReceiveCount": m.receive_count.to_string(),
                    "SentTimestamp": m.sent_at.timestamp_millis().to_string(),
                    "SenderId": ACCOUNT,
                    "ApproximateFirstReceiveTimestamp": m.first_received_at.unwrap_or(m.sent_at).timestamp_millis().to_string(),
                },
                "messageAttributes": attributes,
                "md5OfBody": m.md5_of_body,
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": REGION,
            })
        })
        .collect();
    json!({"Records": records})
}

/// One change of an item, as a DynamoDB stream record; `view` decides which images it carries.
pub struct Change<'a> {
    pub stream_arn: &'a str,
    /// `INSERT`, `MODIFY` or `REMOVE`.
    pub event_name: &'a str,
    pub view: lambdaform_manifest::StreamView,
    pub keys: Value,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub sequence: u64,
    pub time: DateTime<Utc>,
}

pub fn dynamodb_record(c: &Change) -> Value {
    use lambdaform_manifest::StreamView;
    let (view, with_old, with_new) = match c.view {
        StreamView::KeysOnly => ("KEYS_ONLY", false, false),
        StreamView::NewImage => ("NEW_IMAGE", false, true),
        StreamView::OldImage => ("OLD_IMAGE", true, false),
        StreamView::NewAndOldImages => ("NEW_AND_OLD_IMAGES", true, true),
    };
    let mut record = json!({
        "ApproximateCreationDateTime": c.time.timestamp(),
        "Keys": c.keys,
        "SequenceNumber": format!("{:021}", c.sequence),
        "SizeBytes": 0,
        "StreamViewType": view,
    });
    let mut size = c.keys.to_string().len();
    if let (true, Some(old)) = (with_old, &c.old) {
        size += old.to_string().len();
        record["OldImage"] = old.clone();
    }
    if let (true, Some(new)) = (with_new, &c.new) {
        size += new.to_string().len();
        record["NewImage"] = new.clone();
    }
    record["SizeBytes"] = json!(size);
    json!({
        "eventID": format!("{:032x}", c.sequence),
        "eventName": c.event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": record,
        "eventSourceARN": c.stream_arn,
    })
}

pub fn dynamodb(records: &[Value]) -> Value {
    json!({"Records": records})
}

pub fn eventbridge(
    source: &str,
    detail_type: &str,
    detail: &Value,
    resources: &[String],
    time: DateTime<Utc>,
) -> Value {
    json!({
        "version": "0",
        "id": uuid::Uuid::new_v4().to_string(),
        "detail-type": detail_type,
        "source": source,
        "account": ACCOUNT,
        "time": seconds(time),
        "region": REGION,
        "resources": resources,
        "detail": detail,
    })
}

pub fn scheduled(rule_arn: &str, time: DateTime<Utc>) -> Value {
    eventbridge("aws.events", "Scheduled Event", &json!({}), &[rule_arn.to_string()], time)
}

/// An alarm's state change, as the SNS notification its topic delivers.
pub fn alarm(
    names: &Names,
    alarm: &lambdaform_manifest::Alarm,
    old: &str,
    new: &str,
    reason: &str,
    time: DateTime<Utc>,
) -> Value {
    let dimensions: Vec<Value> = alarm
        .dimensions
        .iter()
        .map(|(name, value)| {
            let value = match value.strip_prefix("function:") {
                Some(f) => names.physical(f),
                None => value.clone(),
            };
            json!({"value": value, "name": name})
        })
        .collect();
    let message = json!({
        "AlarmName": alarm.name,
        // The manifest holds no description; an empty string (not null) keeps `CloudWatchAlarmPayload` readable.
        "AlarmDescription": "",
        "AWSAccountId": ACCOUNT,
        "NewStateValue": new,
        "NewStateReason": reason,
        "StateChangeTime": time.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string(),
        "Region": "US East (N. Virginia)",
        "AlarmArn": names.alarm_arn(&alarm.name),
        "OldStateValue": old,
        "Trigger": {
            "MetricName": alarm.metric,
            "Namespace": alarm.namespace,
            "StatisticType": "Statistic",
            "Statistic": alarm.statistic.to_uppercase(),
            "Unit": null,
            "Dimensions": dimensions,
            "Period": alarm.period,
            "EvaluationPeriods": alarm.evaluation_periods,
            "ComparisonOperator": format!("{:?}", alarm.comparison),
            "Threshold": alarm.threshold,
            "TreatMissingData": "missing",
            "EvaluateLowSampleCountPercentile": "",
        },
    });
    let topic = names.alarm_topic_arn(&alarm.name);
    let subject = format!("{new}: \"{}\" in US East (N. Virginia)", alarm.name);
    sns(&Notification {
        topic_arn: &topic,
        subscriber: &alarm.name,
        message_id: &uuid::Uuid::new_v4().to_string(),
        subject: Some(&subject),
        message: &message.to_string(),
        attributes: &Attributes::new(),
        time,
    })
}
