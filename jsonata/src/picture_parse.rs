//! Parses a date/time string against an XPath picture (the inverse of `picture_format`): the
//! picture becomes an anchored regex, each marker a capture group.

use crate::error::{JsonataError, Result};
use crate::integer::parse_integer;
use crate::picture::{days_from_civil, split};
use crate::picture_format::{analyse, Piece};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_named(pres: &str) -> bool {
    pres.starts_with('N') || pres.starts_with('n')
}

fn fragment(component: char, pres: &str, width: Option<(Option<usize>, Option<usize>)>, adjacent: bool) -> String {
    match component {
        'P' => return "[aApP][mM]".into(),
        'Z' => return "[Zz]|[+-][0-9]{1,2}(?::?[0-9]{2})?".into(),
        'z' => return "GMT[+-][0-9]{1,2}(?::?[0-9]{2})?".into(),
        'f' => return "[0-9]+".into(),
        _ => {}
    }
    if is_named(pres) {
        return "[a-zA-Z]+".into();
    }
    // Lazy, so a run of words stops where the next literal can match.
    match pres.strip_suffix('o').unwrap_or(pres) {
        "w" | "W" | "Ww" => return "[a-zA-Z][a-zA-Z, \\-]*?".into(),
        "I" | "i" => return "[MDCLXVImdclxvi]+".into(),
        "a" | "A" => return "[a-zA-Z]+".into(),
        _ => {}
    }
    let (digits_pres, ordinal) = match pres.strip_suffix('o') {
        Some(p) => (p, true),
        None => (pres, false),
    };
    let mandatory = digits_pres.chars().filter(|c| c.is_ascii_digit()).count();
    let count = match width {
        Some((_, Some(max))) => format!("{{1,{max}}}"),
        _ if adjacent && mandatory > 1 => format!("{{{mandatory}}}"),
        _ => "+".into(),
    };
    let suffix = if ordinal { "(?:st|nd|rd|th)" } else { "" };
    format!("[0-9]{count}{suffix}")
}

fn unparsable(text: &str) -> JsonataError {
    JsonataError::new("D3110", format!("Unable to parse date/time component '{text}'"))
}

fn integer(text: &str, pres: &str) -> Result<i64> {
    let p = match pres.strip_suffix('o') {
        Some("") | None if pres == "o" => "1",
        Some(p) => p,
        None => pres,
    };
    let p = if p.is_empty() || p.starts_with('#') { "1" } else { p };
    let p = if p.eq_ignore_ascii_case("ww") { "w" } else { p };
    let digits_only: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let src = if p.chars().any(|c| c.is_ascii_digit()) { digits_only.as_str() } else { text };
    parse_integer(src, p)?.map(|v| v as i64).ok_or_else(|| unparsable(text))
}

fn offset_minutes(text: &str) -> i64 {
    let t = text.trim_start_matches("GMT");
    if t.eq_ignore_ascii_case("z") {
        return 0;
    }
    let sign = if t.starts_with('-') { -1 } else { 1 };
    let body = t.trim_start_matches(['+', '-']);
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse().unwrap_or(0), m.parse().unwrap_or(0)),
        None if body.len() > 2 => {
            (body[..body.len() - 2].parse().unwrap_or(0), body[body.len() - 2..].parse().unwrap_or(0))
        }
        None => (body.parse().unwrap_or(0), 0),
    };
    sign * (h * 60 + m)
}

/// Slots in significance order; a picture may omit leading slots (taken from now) and trailing
/// ones (their minimum), but not leave a gap.
const YEAR: usize = 0;
const MONTH: usize = 1;
const DAY: usize = 2;
const HOUR: usize = 3;
const MINUTE: usize = 4;
const SECOND: usize = 5;
const MILLI: usize = 6;

pub(crate) fn parse(s: &str, picture: &str, now_ms: f64) -> Result<Option<f64>> {
    let pieces = analyse(picture)?;
    let mut pattern = String::from("^");
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Literal(l) => pattern.push_str(&regex::escape(l)),
            Piece::Marker { component, presentation, width } => {
                if is_named(presentation) && !"MxFP".contains(*component) {
                    return Err(JsonataError::new(
                        "D3133",
                        "The 'name' modifier can only be applied to months and days in the date/time picture string",
                    ));
                }
                let adjacent = matches!(pieces.get(i + 1), Some(Piece::Marker { .. }));
                pattern.push('(');
                pattern.push_str(&fragment(*component, presentation, *width, adjacent));
                pattern.push(')');
            }
        }
    }
    pattern.push('$');
    let re = regex::Regex::new(&pattern).map_err(|e| JsonataError::new("D3110", format!("Invalid picture: {e}")))?;
    let Some(caps) = re.captures(s) else { return Ok(None) };
    let mut slots: [Option<i64>; 7] = [None; 7];
    let mut day_of_year: Option<i64> = None;
    let mut pm: Option<bool> = None;
    let mut offset = 0;
    let mut group = 0;
    for piece in &pieces {
        let Piece::Marker { component, presentation, .. } = piece else { continue };
        group += 1;
        let text = caps.get(group).map(|m| m.as_str()).unwrap_or("");
        let pres = presentation.as_str();
        match component {
            'Y' => slots[YEAR] = Some(integer(text, pres)?),
            'M' if is_named(pres) => {
                let t = text.to_lowercase();
                let m =
                    MONTHS.iter().position(|m| t.len() >= 3 && m.starts_with(&t)).ok_or_else(|| unparsable(text))?;
                slots[MONTH] = Some(m as i64 + 1);
            }
            'M' => slots[MONTH] = Some(integer(text, pres)?),
            'D' => slots[DAY] = Some(integer(text, pres)?),
            'd' => day_of_year = Some(integer(text, pres)?),
            'H' | 'h' => slots[HOUR] = Some(integer(text, pres)?),
            'm' => slots[MINUTE] = Some(integer(text, pres)?),
            's' => slots[SECOND] = Some(integer(text, pres)?),
            'f' => {
                let frac: f64 = format!("0.{text}").parse().map_err(|_| unparsable(text))?;
                slots[MILLI] = Some((frac * 1000.0).floor() as i64);
            }
            'P' => pm = Some(text.to_lowercase().starts_with('p')),
            'Z' | 'z' => offset = offset_minutes(text),
            'X' | 'W' | 'w' | 'x' => {
                return Err(JsonataError::new(
                    "D3136",
                    "The date/time picture string is missing specifiers required to parse the timestamp",
                ))
            }
            _ => {}
        }
    }
    if day_of_year.is_some() {
        slots[MONTH] = Some(1);
        slots[DAY] = Some(1);
    }
    if slots.iter().all(Option::is_none) {
        return Ok(None);
    }
    let first = slots.iter().position(Option::is_some);
    let last = slots.iter().rposition(Option::is_some);
    if let (Some(a), Some(b)) = (first, last) {
        if slots[a..=b].iter().any(Option::is_none) {
            return Err(JsonataError::new(
                "D3136",
                "The date/time picture string is missing specifiers required to parse the timestamp",
            ));
        }
        let now = split(now_ms);
        let current = [now.year, now.month, now.day, now.hour, now.minute, now.second, now.milli];
        for (i, slot) in slots.iter_mut().enumerate().take(a) {
            *slot = Some(current[i]);
        }
    }
    let get = |i: usize, min: i64| slots[i].unwrap_or(min);
    let mut hour = get(HOUR, 0);
    if let Some(is_pm) = pm {
        hour %= 12;
        if is_pm {
            hour += 12;
        }
    }
    let mut days = days_from_civil(get(YEAR, 1970), get(MONTH, 1), get(DAY, 1));
    if let Some(d) = day_of_year {
        days += d - 1;
    }
    let ms = ((days * 24 + hour) * 60 + get(MINUTE, 0) - offset) * 60_000 + get(SECOND, 0) * 1000 + get(MILLI, 0);
    Ok(Some(ms as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pictures() {
        assert_eq!(parse("2018-02-03", "[Y]-[M]-[D]", 0.0).unwrap(), Some(1_517_616_000_000.0));
        assert_eq!(parse("27th April 2008", "[D1o] [MNn] [Y0001]", 0.0).unwrap(), Some(1_209_254_400_000.0));
        assert_eq!(parse("nothing", "[Y]-[M]", 0.0).unwrap(), None);
        assert_eq!(parse("2018-22", "[Y]-[D]", 0.0).unwrap_err().code, "D3136");
    }
}
