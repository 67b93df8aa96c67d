//! photo-service: a small photo-sharing backend declared with lambdaform.
//!
//! Users sign up over HTTP; a stream on the users table announces each signup on a topic; a subscriber queues a
//! welcome e-mail; uploads under `images/` get a thumbnail under `thumbnails/`; a schedule purges stale pending
//! signups; an alarm on signup errors pages the on-call; an admin event purges a user.

mod admin;
mod alarms;
mod aws;
mod cleanup;
mod emails;
mod resources;
mod signups;
mod thumbnails;
mod users;

lambdaform::main!();
