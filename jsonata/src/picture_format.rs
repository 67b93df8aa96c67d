//! Formats a timestamp with an XPath date picture, e.g. `[D1o] [MNn], [Y]` or `[H01]:[m01]`.

use crate::error::{JsonataError, Result};
use crate::integer::{format_integer, ordinal_suffix, roman, words};
use crate::picture::{days_from_civil, iso, split, Parts};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

pub(crate) enum Piece {
    Literal(String),
    Marker { component: char, presentation: String, width: Option<(Option<usize>, Option<usize>)> },
}

fn bad(code: &str, msg: &str) -> JsonataError {
    JsonataError::new(code, msg.to_string())
}

pub(crate) fn analyse(picture: &str) -> Result<Vec<Piece>> {
    let chars: Vec<char> = picture.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' && chars.get(i + 1) == Some(&'[') {
            lit.push('[');
            i += 2;
            continue;
        }
        if c == ']' && chars.get(i + 1) == Some(&']') {
            lit.push(']');
            i += 2;
            continue;
        }
        if c != '[' {
            lit.push(c);
            i += 1;
            continue;
        }
        let end = chars[i..].iter().position(|&x| x == ']').map(|p| p + i);
        let Some(end) = end else {
            return Err(bad("D3135", "No matching closing bracket ']' in date/time picture string"));
        };
        if !lit.is_empty() {
            out.push(Piece::Literal(std::mem::take(&mut lit)));
        }
        let marker: String = chars[i + 1..end].iter().filter(|c| !c.is_whitespace()).collect();
        let mut mc = marker.chars();
        let component =
            mc.next().ok_or_else(|| bad("D3132", "Unknown component specifier in date/time picture string"))?;
        if !"YMDdFWwXxHhPmsfZzCE".contains(component) {
            return Err(bad("D3132", "Unknown component specifier in date/time picture string"));
        }
        let rest: String = mc.collect();
        let (pres, width) = match rest.rfind(',') {
            Some(ci) => (rest[..ci].to_string(), Some(parse_width(&rest[ci + 1..]))),
            None => (rest, None),
        };
        out.push(Piece::Marker { component, presentation: pres, width });
        i = end + 1;
    }
    if !lit.is_empty() {
        out.push(Piece::Literal(lit));
    }
    // Presentation rules are checked once the whole picture is known to be well formed.
    for piece in &out {
        if let Piece::Marker { component, presentation, .. } = piece {
            check_presentation(*component, presentation)?;
        }
    }
    Ok(out)
}

fn check_presentation(component: char, pres: &str) -> Result<()> {
    let named = pres.starts_with('N') || pres.starts_with('n');
    if named && !"MxFPCE".contains(component) {
        return Err(bad(
            "D3133",
            "The 'name' modifier can only be applied to months and days in the date/time picture string",
        ));
    }
    if "Zz".contains(component) && pres.chars().filter(|c| c.is_ascii_digit()).count() > 4 {
        return Err(bad("D3134", "The timezone integer format specifier cannot have more than four digits"));
    }
    Ok(())
}

fn parse_width(w: &str) -> (Option<usize>, Option<usize>) {
    let (min, max) = match w.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (w, None),
    };
    (min.parse().ok(), max.and_then(|m| m.parse().ok()))
}

fn default_presentation(c: char) -> &'static str {
    match c {
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => "1",
    }
}

fn parse_tz(tz: &str) -> Result<i64> {
    let (sign, rest) = match tz.chars().next() {
        Some('-') => (-1, &tz[1..]),
        Some('+') => (1, &tz[1..]),
        _ => (1, tz),
    };
    let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse().unwrap_or(0), 0),
        3 | 4 => {
            let split = digits.len() - 2;
            (digits[..split].parse().unwrap_or(0), digits[split..].parse().unwrap_or(0))
        }
        _ => return Err(bad("D3134", "Invalid timezone")),
    };
    Ok(sign * (h * 60 + m))
}

/// ISO week number and the year it belongs to.
fn iso_week(p: &Parts) -> (i64, i64) {
    let days = days_from_civil(p.year, p.month, p.day);
    let thursday = days - (p.weekday - 1) + 3;
    let (wy, _, _) = crate::picture::civil_from_days(thursday);
    let jan1 = days_from_civil(wy, 1, 1);
    (wy, (thursday - jan1) / 7 + 1)
}

/// Week of month, ISO style: a week belongs to the month holding its Thursday.
/// Returns (month, week number).
fn week_in_month(p: &Parts) -> (i64, i64) {
    let days = days_from_civil(p.year, p.month, p.day);
    let thursday = days - (p.weekday - 1) + 3;
    let (_, month, day) = crate::picture::civil_from_days(thursday);
    (month, (day - 1) / 7 + 1)
}

fn name(s: &str, pres: &str, width: Option<(Option<usize>, Option<usize>)>) -> String {
    let mut s = match pres {
        "N" => s.to_uppercase(),
        "n" => s.to_lowercase(),
        _ => s.to_string(),
    };
    if let Some((_, Some(max))) = width {
        s = s.chars().take(max).collect();
    } else if let Some((Some(min), None)) = width {
        if min < s.chars().count() && min <= 3 {
            s = s.chars().take(min.max(3)).collect();
        }
    }
    s
}

fn number(n: i64, component: char, pres: &str, width: Option<(Option<usize>, Option<usize>)>) -> Result<String> {
    let (pres, ordinal) = match pres.strip_suffix('o') {
        Some(p) if !p.is_empty() || pres == "o" => (if p.is_empty() { "1" } else { p }, true),
        _ => (pres, false),
    };
    let neg = n < 0;
    let v = n.unsigned_abs();
    let body = match pres {
        "I" => roman(v).to_uppercase(),
        "i" => roman(v),
        "W" => words(v as f64, ordinal).to_uppercase(),
        "w" => words(v as f64, ordinal),
        "Ww" => format_integer(v as f64, if ordinal { "Ww;o" } else { "Ww" })?,
        _ => {
            let mut p = pres.to_string();
            if let Some((Some(min), _)) = width {
                let digits = p.chars().filter(|c| c.is_ascii_digit()).count();
                if digits < min {
                    p = "0".repeat(min - digits) + &p;
                }
            }
            let mut s = format_integer(v as f64, &p)?;
            let mandatory = p.chars().filter(|c| c.is_ascii_digit()).count();
            let max = width.and_then(|(_, m)| m).or(if component == 'Y' && mandatory == 2 { Some(2) } else { None });
            if let Some(max) = max {
                let len = s.chars().count();
                if len > max {
                    s = s.chars().skip(len - max).collect();
                }
            }
            if ordinal {
                s.push_str(ordinal_suffix(v));
            }
            s
        }
    };
    Ok(if neg { format!("-{body}") } else { body })
}

fn offset_text(offset: i64, pres: &str, component: char) -> String {
    if component == 'z' {
        let inner = offset_text(offset, pres, 'Z');
        return format!("GMT{inner}");
    }
    if pres.ends_with('t') && offset == 0 {
        return "Z".into();
    }
    let pres = pres.trim_end_matches('t');
    let sign = if offset < 0 { '-' } else { '+' };
    let (h, m) = (offset.abs() / 60, offset.abs() % 60);
    let digits: usize = pres.chars().filter(|c| c.is_ascii_digit()).count();
    let sep = pres.chars().find(|c| !c.is_ascii_digit());
    match (digits, sep) {
        (1 | 2, None) => {
            let hh = if digits == 2 { format!("{h:02}") } else { h.to_string() };
            if m == 0 {
                format!("{sign}{hh}")
            } else {
                format!("{sign}{hh}:{m:02}")
            }
        }
        (_, Some(s)) => {
            let hpart = pres.split(s).next().unwrap_or("01");
            let hh = if hpart.len() >= 2 { format!("{h:02}") } else { h.to_string() };
            format!("{sign}{hh}{s}{m:02}")
        }
        _ => format!("{sign}{h:02}{m:02}"),
    }
}

pub(crate) fn format(ms: f64, picture: Option<&str>, tz: Option<&str>) -> Result<String> {
    let offset = match tz {
        Some(t) => parse_tz(t)?,
        None => 0,
    };
    let Some(picture) = picture else {
        let local = ms + (offset * 60_000) as f64;
        let s = iso(local)?;
        let stem = s.trim_end_matches('Z');
        return Ok(format!("{stem}{}", offset_text(offset, "01:01t", 'Z')));
    };
    let p = split(ms + (offset * 60_000) as f64);
    let mut out = String::new();
    for piece in analyse(picture)? {
        match piece {
            Piece::Literal(s) => out.push_str(&s),
            Piece::Marker { component, presentation, width } => {
                let pres =
                    if presentation.is_empty() { default_presentation(component).to_string() } else { presentation };
                let text = match component {
                    'Y' => number(p.year, 'Y', &pres, width)?,
                    'M' if pres.starts_with('N') || pres.starts_with('n') => {
                        name(MONTHS[(p.month - 1) as usize], &pres, width)
                    }
                    'M' => number(p.month, 'M', &pres, width)?,
                    'D' => number(p.day, 'D', &pres, width)?,
                    'd' => {
                        let doy = days_from_civil(p.year, p.month, p.day) - days_from_civil(p.year, 1, 1) + 1;
                        number(doy, 'd', &pres, width)?
                    }
                    'F' if pres.starts_with('N') || pres.starts_with('n') => {
                        name(DAYS[(p.weekday - 1) as usize], &pres, width)
                    }
                    'F' => number(p.weekday, 'F', &pres, width)?,
                    'W' => number(iso_week(&p).1, 'W', &pres, width)?,
                    'X' => number(iso_week(&p).0, 'X', &pres, width)?,
                    'w' => number(week_in_month(&p).1, 'w', &pres, width)?,
                    'x' if pres.starts_with('N') || pres.starts_with('n') => {
                        name(MONTHS[(week_in_month(&p).0 - 1) as usize], &pres, width)
                    }
                    'x' => number(week_in_month(&p).0, 'x', &pres, width)?,
                    'H' => number(p.hour, 'H', &pres, width)?,
                    'h' => number(if p.hour % 12 == 0 { 12 } else { p.hour % 12 }, 'h', &pres, width)?,
                    'P' => {
                        let ap = if p.hour < 12 { "am" } else { "pm" };
                        name(ap, &pres, width)
                    }
                    'm' => number(p.minute, 'm', &pres, width)?,
                    's' => number(p.second, 's', &pres, width)?,
                    'f' => {
                        let digits = pres.chars().filter(|c| c.is_ascii_digit()).count().max(1);
                        let frac = format!("{:03}", p.milli);
                        let mut f: String = frac.chars().take(digits).collect();
                        while f.len() < digits {
                            f.push('0');
                        }
                        f
                    }
                    'Z' | 'z' => offset_text(offset, &pres, component),
                    'C' => "ISO".into(),
                    'E' => "ISO".into(),
                    _ => String::new(),
                };
                out.push_str(&text);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_names() {
        let ms = 1_514_764_800_000.0; // 2018-01-01, a Monday
        assert_eq!(format(ms, Some("[FNn], [D] [MN,*-3] [Y0001]"), None).unwrap(), "Monday, 1 JAN 2018");
        assert_eq!(format(ms, Some("[Y01] W[W] [Z]"), Some("+0130")).unwrap(), "18 W1 +01:30");
        assert_eq!(format(ms, Some("[H01]:[m]"), None).unwrap(), "00:00");
    }

    #[test]
    fn picture_errors() {
        assert_eq!(format(0.0, Some("[Q]"), None).unwrap_err().code, "D3132");
        assert_eq!(format(0.0, Some("[Y"), None).unwrap_err().code, "D3135");
        assert_eq!(format(0.0, Some("[YN]"), None).unwrap_err().code, "D3133");
    }
}
