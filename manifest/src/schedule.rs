//! EventBridge schedule expressions: `rate(...)` and the six-field AWS `cron(...)`.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError(pub String);

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScheduleError {}

fn err<T>(message: String) -> Result<T, ScheduleError> {
    Err(ScheduleError(message))
}

/// `"5 minutes"` → `rate(5 minutes)`. AWS wants the singular unit for 1 and the plural otherwise.
pub fn parse_rate(text: &str) -> Result<String, ScheduleError> {
    let mut parts = text.split_whitespace();
    let (Some(value), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return err(format!("rate `{text}` must be a number and a unit, like `5 minutes` or `1 hour`"));
    };
    let value: u32 = match value.parse() {
        Ok(v) if v > 0 => v,
        _ => return err(format!("rate `{text}` must start with a whole number above 0")),
    };
    let singular = ["minute", "hour", "day"];
    let plural = ["minutes", "hours", "days"];
    match (value == 1, singular.contains(&unit), plural.contains(&unit)) {
        (true, true, _) | (false, _, true) => Ok(format!("rate({value} {unit})")),
        (true, false, true) => {
            err(format!("rate `{text}`: AWS wants the singular unit for 1, `1 {}`", &unit[..unit.len() - 1]))
        }
        (false, true, _) => err(format!("rate `{text}`: AWS wants the plural unit for {value}, `{value} {unit}s`")),
        _ => err(format!("rate `{text}` has unit `{unit}`; use minute(s), hour(s) or day(s)")),
    }
}

struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    extra: &'static str,
}

const MONTHS: &[&str] = &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [Field; 6] = [
    Field { name: "minutes", min: 0, max: 59, names: &[], extra: "" },
    Field { name: "hours", min: 0, max: 23, names: &[], extra: "" },
    Field { name: "day-of-month", min: 1, max: 31, names: &[], extra: "?LW" },
    Field { name: "month", min: 1, max: 12, names: MONTHS, extra: "" },
    Field { name: "day-of-week", min: 1, max: 7, names: DAYS, extra: "?L#" },
    Field { name: "year", min: 1970, max: 2199, names: &[], extra: "" },
];

/// Checks a six-field AWS cron (`minutes hours day-of-month month day-of-week year`) and returns
/// `cron(...)`. Exactly one of day-of-month and day-of-week must be `?`.
pub fn parse_cron(text: &str) -> Result<String, ScheduleError> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.len() != 6 {
        return err(format!(
            "cron `{text}` has {} fields; AWS cron has six: minutes hours day-of-month month day-of-week year",
            parts.len()
        ));
    }
    for (part, field) in parts.iter().zip(FIELDS.iter()) {
        check_field(part, field)
            .map_err(|m| ScheduleError(format!("cron `{text}`: {} field `{part}` {m}", field.name)))?;
    }
    match (parts[2] == "?", parts[4] == "?") {
        (true, true) => err(format!("cron `{text}`: only one of day-of-month and day-of-week may be `?`")),
        (false, false) => {
            err(format!("cron `{text}`: one of day-of-month and day-of-week must be `?` (AWS cannot combine both)"))
        }
        _ => Ok(format!("cron({})", parts.join(" "))),
    }
}

fn check_field(part: &str, field: &Field) -> Result<(), String> {
    if part == "?" {
        return if field.extra.contains('?') { Ok(()) } else { Err("cannot be `?`".into()) };
    }
    for item in part.split(',') {
        check_item(item, field)?;
    }
    Ok(())
}

fn check_item(item: &str, field: &Field) -> Result<(), String> {
    if item.is_empty() {
        return Err("has an empty list item".into());
    }
    if field.extra.contains('L') && item == "L" {
        return Ok(());
    }
    if field.extra.contains('W') {
        if let Some(day) = item.strip_suffix('W') {
            return value(day, field).map(|_| ());
        }
    }
    if field.extra.contains('#') {
        if let Some((day, nth)) = item.split_once('#') {
            value(day, field)?;
            return match nth.parse::<u32>() {
                Ok(1..=5) => Ok(()),
                _ => Err(format!("has `#{nth}`; the week number must be 1 to 5")),
            };
        }
    }
    if field.extra.contains('L') {
        if let Some(day) = item.strip_suffix('L') {
            return value(day, field).map(|_| ());
        }
    }
    let (range, step) = match item.split_once('/') {
        Some((range, step)) => (range, Some(step)),
        None => (item, None),
    };
    if let Some(step) = step {
        match step.parse::<u32>() {
            Ok(s) if s > 0 => {}
            _ => return Err(format!("has step `/{step}`; it must be a whole number above 0")),
        }
    }
    if range == "*" {
        return Ok(());
    }
    match range.split_once('-') {
        Some((from, to)) => {
            let (from, to) = (value(from, field)?, value(to, field)?);
            if from > to && field.names.is_empty() {
                return Err(format!("has the range `{range}` running backwards"));
            }
            Ok(())
        }
        None => value(range, field).map(|_| ()),
    }
}

fn value(text: &str, field: &Field) -> Result<u32, String> {
    if let Some(i) = field.names.iter().position(|n| n.eq_ignore_ascii_case(text)) {
        return Ok(field.min + i as u32);
    }
    match text.parse::<u32>() {
        Ok(v) if (field.min..=field.max).contains(&v) => Ok(v),
        Ok(v) => Err(format!("has {v}, outside {}..={}", field.min, field.max)),
        Err(_) => Err(format!("has `{text}`, which is not a value of this field")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(parse_rate("5 minutes").unwrap(), "rate(5 minutes)");
        assert_eq!(parse_rate("1 hour").unwrap(), "rate(1 hour)");
        assert!(parse_rate("1 hours").unwrap_err().0.contains("singular"));
        assert!(parse_rate("5 minute").unwrap_err().0.contains("plural"));
        assert!(parse_rate("0 minutes").is_err());
        assert!(parse_rate("5 weeks").is_err());
        assert!(parse_rate("often").is_err());
    }

    #[test]
    fn crons() {
        assert_eq!(parse_cron("0 12 * * ? *").unwrap(), "cron(0 12 * * ? *)");
        assert!(parse_cron("0/15 8-17 ? * MON-FRI *").is_ok());
        assert!(parse_cron("0 10 ? * 6L 2027").is_ok());
        assert!(parse_cron("0 8 ? * 2#1 *").is_ok());
        assert!(parse_cron("0 8 15W * ? *").is_ok());
        assert!(parse_cron("0 8 L * ? *").is_ok());
        assert!(parse_cron("0 12 * * *").unwrap_err().0.contains("has 5 fields"));
        assert!(parse_cron("0 12 * * * *").unwrap_err().0.contains("must be `?`"));
        assert!(parse_cron("0 12 ? * ? *").is_err());
        assert!(parse_cron("61 12 * * ? *").unwrap_err().0.contains("minutes"));
        assert!(parse_cron("0 24 * * ? *").is_err());
        assert!(parse_cron("0 12 * FOO ? *").is_err());
        assert!(parse_cron("0 12 * * ? 1900").is_err());
        assert!(parse_cron("0 8 ? * 2#6 *").is_err());
        assert!(parse_cron("0/0 8 * * ? *").is_err());
    }
}
