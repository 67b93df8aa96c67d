//! A queue: messages with visibility timeouts and receive counts, and a redrive to its dead-letter queue once
//! a message has been received `dlq_max_receive` times and comes up again.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use lambdaform_manifest::Queue as QueueConfig;
use serde::{Deserialize, Serialize};

use crate::s3::md5_hex;
use crate::sns::Attributes;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub message_id: String,
    pub body: String,
    pub attributes: Attributes,
    pub md5_of_body: String,
    pub sent_at: DateTime<Utc>,
    pub first_received_at: Option<DateTime<Utc>>,
    pub receive_count: u32,
    /// Hidden until then after a receive.
    pub visible_at: DateTime<Utc>,
    /// Changes at every receive; only the latest one may delete the message.
    pub receipt_handle: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub config: QueueConfig,
    pub messages: VecDeque<Message>,
    /// The queue's dead-letter queue (`{name}-dlq` when deployed), oldest first.
    pub dead_letters: Vec<Message>,
}

impl Queue {
    pub fn new(config: QueueConfig) -> Queue {
        Queue { config, messages: VecDeque::new(), dead_letters: Vec::new() }
    }

    pub fn send(&mut self, body: String, attributes: Attributes, now: DateTime<Utc>) -> Message {
        let message = Message {
            message_id: uuid::Uuid::new_v4().to_string(),
            md5_of_body: md5_hex(body.as_bytes()),
            body,
            attributes,
            sent_at: now,
            first_received_at: None,
            receive_count: 0,
            visible_at: now,
            receipt_handle: String::new(),
        };
        self.messages.push_back(message.clone());
        message
    }

    /// Drops messages older than the retention period.
    pub fn expire(&mut self, now: DateTime<Utc>) {
        let oldest = now - Duration::seconds(i64::from(self.config.retention));
        self.messages.retain(|m| m.sent_at > oldest);
    }

    pub fn visible(&self, now: DateTime<Utc>) -> usize {
        self.messages.iter().filter(|m| m.visible_at <= now).count()
    }

    /// When the earliest hidden message shows again.
    pub fn next_visible(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.messages.iter().map(|m| m.visible_at).filter(|t| *t > now).min()
    }

    /// Receives up to `max` visible messages, hiding them for the visibility timeout. Messages already received
    /// `dlq_max_receive` times go to the dead-letter queue instead; they are returned second.
    pub fn receive(&mut self, max: usize, now: DateTime<Utc>) -> (Vec<Message>, Vec<Message>) {
        let mut received = Vec::new();
        let mut dead = Vec::new();
        let hide = now + Duration::seconds(i64::from(self.config.visibility_timeout));
        let max_receive = self.config.dlq_max_receive;
        let mut i = 0;
        while i < self.messages.len() && received.len() < max {
            let m = &mut self.messages[i];
            if m.visible_at > now {
                i += 1;
                continue;
            }
            if max_receive.is_some_and(|limit| m.receive_count >= limit) {
                if let Some(m) = self.messages.remove(i) {
                    self.dead_letters.push(m.clone());
                    dead.push(m);
                }
                continue;
            }
            m.receive_count += 1;
            m.first_received_at.get_or_insert(now);
            m.visible_at = hide;
            m.receipt_handle = uuid::Uuid::new_v4().to_string();
            received.push(m.clone());
            i += 1;
        }
        (received, dead)
    }

    /// Deletes a received message; a stale receipt handle (the message was received again since) deletes nothing.
    pub fn delete(&mut self, message_id: &str, receipt_handle: &str) -> bool {
        let before = self.messages.len();
        self.messages.retain(|m| !(m.message_id == message_id && m.receipt_handle == receipt_handle));
        self.messages.len() != before
    }
}
