//! When an EventBridge schedule expression fires next: `rate(...)` counted from when the rule was created,
//! and the six-field AWS `cron(...)` in UTC, with `L`, `W` and `#`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};

use crate::LocalError;

#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    Rate(Duration),
    Cron(Box<Cron>),
}

impl Schedule {
    /// Parses `rate(5 minutes)` or `cron(0 12 * * ? *)`, checked by the manifest's own parsers first.
    pub fn parse(expression: &str) -> Result<Schedule, LocalError> {
        let inner = |prefix: &str| expression.strip_prefix(prefix).and_then(|s| s.strip_suffix(')'));
        let invalid = |e: lambdaform_manifest::ScheduleError| LocalError::invalid("", e.0);
        if let Some(rate) = inner("rate(") {
            lambdaform_manifest::parse_rate(rate).map_err(invalid)?;
            let mut parts = rate.split_whitespace();
            let value: i64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(1);
            let unit = match parts.next().unwrap_or("").trim_end_matches('s') {
                "minute" => Duration::minutes(1),
                "hour" => Duration::hours(1),
                _ => Duration::days(1),
            };
            Ok(Schedule::Rate(unit * value as i32))
        } else if let Some(cron) = inner("cron(") {
            lambdaform_manifest::parse_cron(cron).map_err(invalid)?;
            Ok(Schedule::Cron(Box::new(Cron::parse(cron))))
        } else {
            Err(LocalError::invalid("", format!("schedule `{expression}` must be `rate(...)` or `cron(...)`")))
        }
    }

    /// The first firing strictly after `after`, for a rule created at `created`; `None` when a cron never
    /// fires again (its years are over).
    pub fn next_after(&self, created: DateTime<Utc>, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Schedule::Rate(period) => {
                let period_ms = period.num_milliseconds().max(1);
                let elapsed = (after - created).num_milliseconds().max(0);
                let k = elapsed / period_ms + 1;
                Some(created + Duration::milliseconds(k * period_ms))
            }
            Schedule::Cron(cron) => cron.next_after(after),
        }
    }
}

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIRST_YEAR: i32 = 1970;
const LAST_YEAR: i32 = 2199;

/// A parsed six-field cron. Sets are indexed by value; exactly one of the day fields is `?`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cron {
    minutes: Vec<bool>,
    hours: Vec<bool>,
    months: Vec<bool>,
    years: Vec<bool>,
    days: Days,
}

#[derive(Debug, Clone, PartialEq)]
enum Days {
    OfMonth(Vec<DayOfMonth>),
    OfWeek(Vec<DayOfWeek>),
}

#[derive(Debug, Clone, PartialEq)]
enum DayOfMonth {
    Set(Vec<bool>),
    Last,
    /// `15W`: the weekday nearest the 15th, within the month.
    NearestWeekday(u32),
}

#[derive(Debug, Clone, PartialEq)]
enum DayOfWeek {
    /// Indexed 1 (Sunday) to 7 (Saturday), as AWS numbers them.
    Set(Vec<bool>),
    /// `6L`: the last Friday of the month.
    LastOf(u32),
    /// `2#1`: the first Monday of the month.
    Nth(u32, u32),
}

impl Cron {
    /// Reads an expression `parse_cron` accepted, so every field is well formed.
    fn parse(text: &str) -> Cron {
        let f: Vec<&str> = text.split_whitespace().collect();
        let days = if f[2] == "?" {
            Days::OfWeek(f[4].split(',').map(day_of_week).collect())
        } else {
            Days::OfMonth(f[2].split(',').map(day_of_month).collect())
        };
        Cron {
            minutes: set(f[0], 0, 59, &[]),
            hours: set(f[1], 0, 23, &[]),
            months: set(f[3], 1, 12, &MONTHS),
            years: set(f[5], FIRST_YEAR as u32, LAST_YEAR as u32, &[]),
            days,
        }
    }

    fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let start = after.with_second(0)?.with_nanosecond(0)? + Duration::minutes(1);
        let mut date = start.date_naive();
        while date.year() <= LAST_YEAR {
            if !self.years.get(date.year().max(0) as usize).copied().unwrap_or(false) {
                date = NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)?;
                continue;
            }
            if !self.months[date.month() as usize] {
                date = first_of_next_month(date)?;
                continue;
            }
            if self.day_matches(date) {
                let same_day = date == start.date_naive();
                let first_hour = if same_day { start.hour() } else { 0 };
                for hour in first_hour..24 {
                    if !self.hours[hour as usize] {
                        continue;
                    }
                    let first_minute = if same_day && hour == start.hour() { start.minute() } else { 0 };
                    if let Some(minute) = (first_minute..60).find(|m| self.minutes[*m as usize]) {
                        return Utc.from_utc_datetime(&date.and_hms_opt(hour, minute, 0)?).into();
                    }
                }
            }
            date = date.succ_opt()?;
        }
        None
    }

    fn day_matches(&self, date: NaiveDate) -> bool {
        let last = last_day(date);
        let day = date.day();
        let weekday = date.weekday().num_days_from_sunday() + 1;
        match &self.days {
            Days::OfMonth(items) => items.iter().any(|item| match item {
                DayOfMonth::Set(s) => s[day as usize],
                DayOfMonth::Last => day == last,
                DayOfMonth::NearestWeekday(n) => day == nearest_weekday(date, (*n).min(last), last),
            }),
            Days::OfWeek(items) => items.iter().any(|item| match item {
                DayOfWeek::Set(s) => s[weekday as usize],
                DayOfWeek::LastOf(w) => weekday == *w && day + 7 > last,
                DayOfWeek::Nth(w, n) => weekday == *w && (day - 1) / 7 + 1 == *n,
            }),
        }
    }
}

fn day_of_month(item: &str) -> DayOfMonth {
    if item == "L" {
        DayOfMonth::Last
    } else if let Some(n) = item.strip_suffix('W') {
        DayOfMonth::NearestWeekday(n.parse().unwrap_or(1))
    } else {
        DayOfMonth::Set(set(item, 1, 31, &[]))
    }
}

fn day_of_week(item: &str) -> DayOfWeek {
    if item == "L" {
        // Alone, `L` is the last day of the week: Saturday.
        let mut s = vec![false; 8];
        s[7] = true;
        DayOfWeek::Set(s)
    } else if let Some((day, nth)) = item.split_once('#') {
        DayOfWeek::Nth(value(day, 1, &DAYS), nth.parse().unwrap_or(1))
    } else if let Some(day) = item.strip_suffix('L') {
        DayOfWeek::LastOf(value(day, 1, &DAYS))
    } else {
        DayOfWeek::Set(set(item, 1, 7, &DAYS))
    }
}

/// The values a comma list of `*`, `a`, `a-b` (wrapping for named fields, `FRI-MON`) with optional `/step`
/// selects, as a vector indexed by value.
fn set(field: &str, min: u32, max: u32, names: &[&str]) -> Vec<bool> {
    let mut out = vec![false; max as usize + 1];
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, step.parse::<usize>().unwrap_or(1).max(1)),
            None => (item, 1),
        };
        let values: Vec<u32> = match range.split_once('-') {
            _ if range == "*" => (min..=max).collect(),
            Some((a, b)) => {
                let (a, b) = (value(a, min, names), value(b, min, names));
                if a <= b {
                    (a..=b).collect()
                } else {
                    (a..=max).chain(min..=b).collect()
                }
            }
            None if step > 1 => (value(range, min, names)..=max).collect(),
            None => vec![value(range, min, names)],
        };
        for v in values.into_iter().step_by(step) {
            out[v as usize] = true;
        }
    }
    out
}

fn value(text: &str, min: u32, names: &[&str]) -> u32 {
    match names.iter().position(|n| n.eq_ignore_ascii_case(text)) {
        Some(i) => min + i as u32,
        None => text.parse().unwrap_or(min),
    }
}

fn first_of_next_month(date: NaiveDate) -> Option<NaiveDate> {
    match date.month() {
        12 => NaiveDate::from_ymd_opt(date.year() + 1, 1, 1),
        m => NaiveDate::from_ymd_opt(date.year(), m + 1, 1),
    }
}

fn last_day(date: NaiveDate) -> u32 {
    first_of_next_month(date).and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
}

/// The weekday nearest day `n` without leaving the month: Saturday moves to Friday (or to Monday on the 1st),
/// Sunday to Monday (or to Friday on the last day).
fn nearest_weekday(date: NaiveDate, n: u32, last: u32) -> u32 {
    let Some(target) = date.with_day(n) else { return n };
    match target.weekday().num_days_from_sunday() {
        6 if n == 1 => 3,
        6 => n - 1,
        0 if n == last => n - 2,
        0 => n + 1,
        _ => n,
    }
}
