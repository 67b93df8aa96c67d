//! Parses a date/time string against an XPath picture (the inverse of `picture_format`).

use crate::error::{JsonataError, Result};
use crate::integer::parse_integer;
use crate::picture::days_from_civil;
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

/// Takes the text a marker matches: digits (bounded by the picture width) or a word.
fn take<'a>(s: &'a str, pres: &str, next_literal: Option<&str>) -> &'a str {
    let numeric = pres.is_empty() || pres.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '#');
    let end = if numeric {
        let fixed = pres.chars().filter(|c| c.is_ascii_digit()).count();
        let n = s.chars().take_while(|c| c.is_ascii_digit()).count();
        if next_literal.is_none_or(|l| l.is_empty()) && fixed > 1 {
            n.min(fixed)
        } else {
            n
        }
    } else {
        match next_literal.filter(|l| !l.is_empty()) {
            Some(l) => s.find(l).unwrap_or(s.len()),
            None => s.chars().take_while(|c| c.is_alphabetic() || *c == '-' || *c == ' ').count(),
        }
    };
    let byte_end = s.char_indices().nth(end).map(|(i, _)| i).unwrap_or(s.len());
    &s[..byte_end]
}

pub(crate) fn parse(s: &str, picture: &str) -> Result<Option<f64>> {
    let pieces = analyse(picture)?;
    let mut rest = s;
    let (mut year, mut month, mut day, mut hour, mut minute, mut second, mut milli) =
        (None, None, None, 0i64, 0i64, 0i64, 0i64);
    let mut doy: Option<i64> = None;
    let mut pm: Option<bool> = None;
    let mut offset = 0i64;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Literal(l) => match rest.strip_prefix(l.as_str()) {
                Some(r) => rest = r,
                None => return Ok(None),
            },
            Piece::Marker { component, presentation, .. } => {
                let next = match pieces.get(i + 1) {
                    Some(Piece::Literal(l)) => Some(l.as_str()),
                    _ => None,
                };
                let text = take(rest, presentation, next);
                rest = &rest[text.len()..];
                let num = || -> Result<i64> {
                    let pres = if presentation.is_empty() { "1" } else { presentation.trim_end_matches('o') };
                    parse_integer(text, pres)?
                        .map(|v| v as i64)
                        .ok_or_else(|| JsonataError::new("D3110", format!("Unable to parse '{text}'")))
                };
                match component {
                    'Y' => year = Some(num()?),
                    'M' if presentation.starts_with('N') || presentation.starts_with('n') => {
                        let t = text.to_lowercase();
                        month = MONTHS.iter().position(|m| m.starts_with(&t) && t.len() >= 3).map(|p| p as i64 + 1);
                    }
                    'M' => month = Some(num()?),
                    'D' => day = Some(num()?),
                    'd' => doy = Some(num()?),
                    'H' | 'h' => hour = num()?,
                    'P' => pm = Some(text.to_lowercase().starts_with('p')),
                    'm' => minute = num()?,
                    's' => second = num()?,
                    'f' => milli = num()?,
                    'Z' | 'z' => {
                        let t = text.trim_start_matches("GMT");
                        if t != "Z" && !t.is_empty() {
                            let sign = if t.starts_with('-') { -1 } else { 1 };
                            let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
                            let (h, m) = if digits.len() > 2 {
                                (
                                    digits[..digits.len() - 2].parse().unwrap_or(0),
                                    digits[digits.len() - 2..].parse().unwrap_or(0),
                                )
                            } else {
                                (digits.parse().unwrap_or(0), 0)
                            };
                            offset = sign * (h * 60 + m);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some(is_pm) = pm {
        hour %= 12;
        if is_pm {
            hour += 12;
        }
    }
    let Some(year) = year else { return Ok(None) };
    let days = match doy {
        Some(d) => days_from_civil(year, 1, 1) + d - 1,
        None => days_from_civil(year, month.unwrap_or(1), day.unwrap_or(1)),
    };
    let ms = ((days * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + milli;
    Ok(Some(ms as f64))
}
