//! The `REPORT` line Lambda logs after every invocation.

use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub request_id: String,
    pub duration: Duration,
    /// `duration` rounded up to the next millisecond, at least 1 ms (Lambda's 1 ms billing granularity).
    pub billed_duration: Duration,
    /// The configured memory, known when a [`super::FunctionProcess`] runs the function.
    pub memory_size_mb: Option<u32>,
    /// The process's peak resident set (`VmHWM`), rounded up to whole MiB.
    pub max_memory_used_mb: Option<u64>,
    /// Set on the first invocation after a cold start: process start until its first `next` request.
    pub init_duration: Option<Duration>,
}

impl Report {
    pub fn new(request_id: &str, duration: Duration) -> Report {
        Report {
            request_id: request_id.to_owned(),
            duration,
            billed_duration: billed(duration),
            memory_size_mb: None,
            max_memory_used_mb: None,
            init_duration: None,
        }
    }
}

fn billed(duration: Duration) -> Duration {
    let millis = duration.as_nanos().div_ceil(1_000_000).max(1);
    Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms",
            self.request_id,
            millis(self.duration),
            self.billed_duration.as_millis()
        )?;
        if let Some(size) = self.memory_size_mb {
            write!(f, "\tMemory Size: {size} MB")?;
        }
        if let Some(used) = self.max_memory_used_mb {
            write!(f, "\tMax Memory Used: {used} MB")?;
        }
        if let Some(init) = self.init_duration {
            write!(f, "\tInit Duration: {:.2} ms", millis(init))?;
        }
        Ok(())
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Peak resident memory of a live process in MiB, from `/proc/<pid>/status`; `None` off Linux or once the
/// process is gone.
pub fn max_memory_used_mb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    vm_hwm_kb(&status).map(|kb| kb.div_ceil(1024))
}

/// The `VmHWM:   1234 kB` line of a `/proc/<pid>/status` text.
fn vm_hwm_kb(status: &str) -> Option<u64> {
    let line = status.lines().find_map(|line| line.strip_prefix("VmHWM:"))?;
    line.trim().strip_suffix("kB")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billed_duration_rounds_up_to_the_millisecond() {
        assert_eq!(billed(Duration::from_micros(1)), Duration::from_millis(1));
        assert_eq!(billed(Duration::from_micros(2000)), Duration::from_millis(2));
        assert_eq!(billed(Duration::from_micros(2001)), Duration::from_millis(3));
        assert_eq!(billed(Duration::ZERO), Duration::from_millis(1));
    }

    #[test]
    fn report_line_has_lambda_fields_in_lambda_order() {
        let mut report = Report::new("abc", Duration::from_micros(12_345));
        report.memory_size_mb = Some(128);
        report.max_memory_used_mb = Some(18);
        report.init_duration = Some(Duration::from_micros(45_670));
        assert_eq!(
            report.to_string(),
            "REPORT RequestId: abc\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t\
             Max Memory Used: 18 MB\tInit Duration: 45.67 ms"
        );
        let bare = Report::new("abc", Duration::from_millis(2));
        assert_eq!(bare.to_string(), "REPORT RequestId: abc\tDuration: 2.00 ms\tBilled Duration: 2 ms");
    }

    #[test]
    fn vm_hwm_is_read_from_proc_status_text() {
        let status = "Name:\tbootstrap\nVmPeak:\t  10000 kB\nVmHWM:\t    2049 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(vm_hwm_kb(status), Some(2049));
        assert_eq!(vm_hwm_kb("Name:\tx\n"), None);
        assert_eq!(vm_hwm_kb("VmHWM:\tlots kB\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn own_process_has_a_peak_memory() {
        let used = max_memory_used_mb(std::process::id()).expect("VmHWM of the test process");
        assert!(used >= 1, "{used}");
    }
}
