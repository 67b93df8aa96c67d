//! The serde model of a lambdaform service: one source of truth shared by the macros, which write it into
//! the binary as fragments, and the code generator, which reads it back and emits deployable files.

mod event;
mod fragment;
mod function;
pub mod limits;
mod resource;
mod schedule;
mod service;
mod state_machine;

pub use event::{
    Alarm, AlarmComparison, ApiKind, Authorizer, Cors, Event, HttpEvent, S3Bucket, S3Event, ScheduleEvent, SnsEvent,
    SqsEvent, StartingPosition, StreamEvent,
};
pub use fragment::{Fragment, FragmentError, SECTION_ELF, SECTION_MACHO_SECTION, SECTION_MACHO_SEGMENT};
pub use function::{Access, Architecture, Function, Source, Tracing, Use, Warmup};
pub use resource::{Billing, KeyType, Queue, Resource, ResourceKind, StreamView, Table, TableKey, Topic};
pub use schedule::{parse_cron, parse_rate, ScheduleError};
pub use service::{Manifest, ManifestError};
pub use state_machine::{MachineKind, Placeholder, StateMachine};
