//! Moving time: `advance` on the virtual clock, the `run` loop on the real one, and when something next falls
//! due.

use chrono::{DateTime, Duration, Utc};

use crate::local::{lock, Inner, Local};

impl Inner {
    /// The earliest instant after `now` at which something falls due.
    pub(crate) fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let wiring = lock(&self.wiring);
        let queues = lock(&self.queues);
        let timers = wiring.timers.iter().filter_map(|t| t.next);
        let windows = wiring
            .mappings
            .iter()
            .filter_map(|m| m.window_started.map(|s| s + Duration::seconds(i64::from(m.window_s))));
        let visible = wiring.mappings.iter().filter_map(|m| queues.get(&m.queue).and_then(|q| q.next_visible(now)));
        let streams = wiring.consumers.iter().filter_map(|(_, c)| c.due_at());
        let retries = lock(&self.retries).iter().map(|r| r.due).min();
        timers.chain(windows).chain(visible).chain(streams).chain(retries).filter(|t| *t > now).min()
    }
}

impl Local {
    /// Virtual clock only: moves time forward by `by`, stopping at each instant something falls due on the way
    /// (a schedule, a batch window, a message becoming visible, a stream retry) and delivering it, each time
    /// until the invocations it causes have finished. On the real clock it just waits for the work in hand.
    pub async fn advance(&self, by: std::time::Duration) {
        let inner = &self.inner;
        let start = inner.clock.now();
        let target = start + Duration::from_std(by).unwrap_or(Duration::MAX);
        loop {
            inner.pump();
            self.idle().await;
            if !inner.clock.is_virtual() {
                return;
            }
            let now = inner.clock.now();
            match inner.next_due(now) {
                Some(next) if next <= target => inner.clock.set(next),
                _ => break,
            }
        }
        inner.clock.set(target);
        inner.pump();
        self.idle().await;
    }

    /// Real clock: delivers what falls due (schedules, warm-ups, batch windows, visibility timeouts, stream
    /// retries) for as long as the returned task runs. The dev server spawns it once.
    pub fn run(&self) -> tokio::task::JoinHandle<()> {
        let inner = self.inner.clone();
        tokio::spawn(async move {
            loop {
                inner.pump();
                let now = inner.clock.now();
                let wait = inner
                    .next_due(now)
                    .and_then(|next| (next - now).to_std().ok())
                    .unwrap_or(std::time::Duration::from_millis(250))
                    .min(std::time::Duration::from_millis(250));
                tokio::time::sleep(wait).await;
            }
        })
    }
}
