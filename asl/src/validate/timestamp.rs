//! RFC 3339 timestamps as Step Functions requires them (`2016-03-14T01:59:00Z`, `…+01:00`).

/// Returns why `s` is not an RFC 3339 date-time, if it is not.
pub(crate) fn rfc3339_error(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = b.get(from..from + n)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    const SHAPE: &str = "must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z";
    let (Some(year), Some(month), Some(day)) = (digits(0, 4), digits(5, 2), digits(8, 2)) else {
        return Some(SHAPE);
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't')) {
        return Some(SHAPE);
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11, 2), digits(14, 2), digits(17, 2)) else {
        return Some(SHAPE);
    };
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return Some(SHAPE);
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Some(SHAPE);
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => {}
        Some(b'+' | b'-') if i + 6 == b.len() => {
            let (Some(oh), Some(om)) = (digits(i + 1, 2), digits(i + 4, 2)) else {
                return Some(SHAPE);
            };
            if b[i + 3] != b':' || oh > 23 || om > 59 {
                return Some("has an invalid UTC offset");
            }
        }
        None => return Some("must end with a time zone: 'Z' or an offset such as +01:00"),
        _ => return Some(SHAPE),
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Some("has an invalid date");
    }
    // 60 is a leap second, which RFC 3339 allows.
    if hour > 23 || minute > 59 || second > 60 {
        return Some("has an invalid time of day");
    }
    None
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::rfc3339_error;

    #[test]
    fn accepts_rfc3339() {
        for ok in [
            "2016-03-14T01:59:00Z",
            "2016-03-14T01:59:00.123Z",
            "2016-03-14T01:59:00+01:00",
            "2024-02-29T23:59:60-05:30",
        ] {
            assert_eq!(rfc3339_error(ok), None, "{ok}");
        }
    }

    #[test]
    fn refuses_the_rest() {
        for (bad, why) in [
            ("2016-13-05T21:29:29Z", "invalid date"),
            ("05-12-2016T21:29:29Z", "RFC 3339"),
            ("2016-12-05T25:29:29Z", "time of day"),
            ("2016-12-05 21:29:29Z", "RFC 3339"),
            ("2016-12-05T21:29:29", "time zone"),
            ("2023-02-29T00:00:00Z", "invalid date"),
            ("2016-12-05T21:29:29.Z", "RFC 3339"),
            ("", "RFC 3339"),
        ] {
            let got = rfc3339_error(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad}: {got}");
        }
    }
}
