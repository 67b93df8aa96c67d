//! Everything a request to the dev server may need: the service's manifest and routes, its handlers, the
//! in-memory resources and the log.

use super::handlers::Handlers;
use super::logs::Logs;
use super::names::Names;
use super::routes::Routes;
use lambdaform_local::Local;
use lambdaform_manifest::Manifest;
use std::sync::Arc;

pub struct App {
    pub manifest: Arc<Manifest>,
    pub routes: Routes,
    pub handlers: Arc<Handlers>,
    pub local: Arc<Local>,
    pub names: Names,
    pub logs: Arc<Logs>,
    /// Conditional DynamoDB writes read, check and write; one at a time keeps that atomic, as DynamoDB is.
    pub(super) table_writes: tokio::sync::Mutex<()>,
}

impl App {
    pub fn new(
        manifest: Arc<Manifest>,
        handlers: Arc<Handlers>,
        local: Arc<Local>,
        names: Names,
        logs: Arc<Logs>,
    ) -> App {
        App {
            routes: Routes::from_manifest(&manifest),
            manifest,
            handlers,
            local,
            names,
            logs,
            table_writes: tokio::sync::Mutex::new(()),
        }
    }
}
