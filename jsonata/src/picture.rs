//! Date/time text: ISO 8601 and XPath picture strings (`[Y0001]-[M01]-[D01]`).

use crate::error::{JsonataError, Result};

const MS_PER_DAY: i64 = 86_400_000;

/// Days since 1970-01-01 for a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Broken-down UTC (or offset) time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parts {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub milli: i64,
    /// ISO weekday, 1 = Monday.
    pub weekday: i64,
}

pub(crate) fn split(ms: f64) -> Parts {
    let ms = ms.floor() as i64;
    let days = ms.div_euclid(MS_PER_DAY);
    let rem = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: rem / 3_600_000,
        minute: rem / 60_000 % 60,
        second: rem / 1000 % 60,
        milli: rem % 1000,
        weekday: (days + 3).rem_euclid(7) + 1,
    }
}

/// `Date.prototype.toISOString`.
pub(crate) fn iso(ms: f64) -> Result<String> {
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return Err(JsonataError::new("D3001", "Invalid time value"));
    }
    let p = split(ms);
    let year = if (0..=9999).contains(&p.year) {
        format!("{:04}", p.year)
    } else if p.year < 0 {
        format!("-{:06}", -p.year)
    } else {
        format!("+{:06}", p.year)
    };
    Ok(format!("{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", p.month, p.day, p.hour, p.minute, p.second, p.milli))
}

fn digits(s: &[u8], at: usize, n: usize) -> Option<i64> {
    let part = s.get(at..at + n)?;
    if part.iter().all(u8::is_ascii_digit) {
        std::str::from_utf8(part).ok()?.parse().ok()
    } else {
        None
    }
}

/// ISO 8601 date or date-time; without an offset the time is taken as UTC.
pub(crate) fn parse_iso(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let year = digits(b, 0, 4)?;
    let mut i = 4;
    let (mut month, mut day) = (1, 1);
    if b.get(i) == Some(&b'-') {
        month = digits(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'-') {
            day = digits(b, i + 1, 2)?;
            i += 3;
        }
    }
    let (mut h, mut mi, mut sec, mut milli) = (0, 0, 0, 0.0);
    let mut offset_min = 0;
    if b.get(i) == Some(&b'T') {
        h = digits(b, i + 1, 2)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        mi = digits(b, i + 4, 2)?;
        i += 6;
        if b.get(i) == Some(&b':') {
            sec = digits(b, i + 1, 2)?;
            i += 3;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                let frac: f64 = format!("0.{}", &s[start..j]).parse().ok()?;
                milli = (frac * 1000.0).floor();
                i = j;
            }
        }
        match b.get(i) {
            Some(b'Z') => i += 1,
            Some(&c) if c == b'+' || c == b'-' => {
                let oh = digits(b, i + 1, 2)?;
                let (om, len) =
                    if b.get(i + 3) == Some(&b':') { (digits(b, i + 4, 2)?, 6) } else { (digits(b, i + 3, 2)?, 5) };
                offset_min = (oh * 60 + om) * if c == b'-' { -1 } else { 1 };
                i += len;
            }
            _ => {}
        }
    }
    if i != b.len() || !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 24 || mi > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let ms = days * MS_PER_DAY + ((h * 60 + mi - offset_min) * 60 + sec) * 1000;
    Some(ms as f64 + milli)
}

pub(crate) fn format_datetime(ms: f64, picture: Option<&str>, tz: Option<&str>) -> Result<String> {
    crate::picture_format::format(ms, picture, tz)
}

pub(crate) fn parse_datetime(s: &str, picture: &str, now_ms: f64) -> Result<Option<f64>> {
    crate::picture_parse::parse(s, picture, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        assert_eq!(iso(1_514_764_800_000.0).unwrap(), "2018-01-01T00:00:00.000Z");
        assert_eq!(parse_iso("2018-01-01T00:00:00.000Z"), Some(1_514_764_800_000.0));
        assert_eq!(parse_iso("2018-01-01T01:00:00+01:00"), Some(1_514_764_800_000.0));
        assert_eq!(parse_iso("2018-01-01"), Some(1_514_764_800_000.0));
        assert_eq!(parse_iso("nonsense"), None);
        assert_eq!(split(0.0).weekday, 4);
    }
}
