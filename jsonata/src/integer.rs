//! `$formatInteger`/`$parseInteger` pictures (XPath `format-integer`): decimal digit patterns
//! with grouping, letters (`a`, `A`), roman numerals (`i`, `I`), words (`w`, `W`, `Ww`) and
//! ordinals (`;o`).

use crate::error::{JsonataError, Result};

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const ORD_ONES: [&str; 20] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
/// Beyond trillion the words stack: 1e46 is "ten billion trillion trillion trillion".
const MAGNITUDES: [&str; 4] = ["thousand", "million", "billion", "trillion"];

/// English words for `n` ("one hundred and twenty-three"), ordinal form when asked.
pub(crate) fn words(n: f64, ordinal: bool) -> String {
    fn lookup(num: f64, prev: bool, ord: bool) -> String {
        if num <= 19.0 {
            let i = num as usize;
            let w = if ord { ORD_ONES[i] } else { ONES[i] };
            return format!("{}{w}", if prev { " and " } else { "" });
        }
        if num < 100.0 {
            let tens = (num / 10.0).floor();
            let rem = num % 10.0;
            let mut w = format!("{}{}", if prev { " and " } else { "" }, TENS[tens as usize - 2]);
            if rem > 0.0 {
                w = format!("{w}-{}", lookup(rem, false, ord));
            } else if ord {
                w.pop();
                w.push_str("ieth");
            }
            return w;
        }
        if num < 1000.0 {
            let hundreds = (num / 100.0).floor();
            let rem = num % 100.0;
            let mut w = format!("{}{} hundred", if prev { ", " } else { "" }, ONES[hundreds as usize]);
            if rem > 0.0 {
                w.push_str(&lookup(rem, true, ord));
            } else if ord {
                w.push_str("th");
            }
            return w;
        }
        let mag = ((num.log10() / 3.0).floor() as usize).min(MAGNITUDES.len());
        let factor = 10f64.powi(mag as i32 * 3);
        let mant = (num / factor).floor();
        let rem = num - mant * factor;
        let mut w = format!("{}{} {}", if prev { ", " } else { "" }, lookup(mant, false, false), MAGNITUDES[mag - 1]);
        if rem > 0.0 {
            w.push_str(&lookup(rem, true, ord));
        } else if ord {
            w.push_str("th");
        }
        w
    }
    lookup(n, false, ordinal)
}

/// Roman numerals; from a million on (a run of thousands of `m`s) the number is written in digits.
pub(crate) fn roman(mut n: u64) -> String {
    if n >= 1_000_000 {
        return n.to_string();
    }
    const TABLE: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn letters(mut n: u64) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    out.into_iter().rev().collect()
}

pub(crate) fn ordinal_suffix(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    }
}

fn is_digit_family(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| {
        // Other Unicode decimal digit blocks: zero is at a multiple of 16 + offset.
        let cp = c as u32;
        DIGIT_ZEROS.iter().find(|&&z| cp >= z && cp < z + 10).map(|z| cp - z)
    })
}

const DIGIT_ZEROS: [u32; 8] = [0x660, 0x6F0, 0x966, 0x9E6, 0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2];

fn zero_of(c: char) -> u32 {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return '0' as u32;
    }
    DIGIT_ZEROS.iter().copied().find(|&z| cp >= z && cp < z + 10).unwrap_or('0' as u32)
}

/// Formats with a decimal-digit picture such as `#,##0` or `0001`.
fn decimal(n: u64, picture: &str) -> Result<String> {
    let chars: Vec<char> = picture.chars().collect();
    let zero = chars.iter().find_map(|&c| is_digit_family(c).map(|_| zero_of(c))).unwrap_or('0' as u32);
    let mandatory = chars.iter().filter(|c| is_digit_family(**c).is_some()).count();
    if chars.iter().any(|&c| is_digit_family(c).is_some() && zero_of(c) != zero) {
        return Err(JsonataError::new(
            "D3131",
            "In a decimal digit pattern, all digits must be from the same decimal group",
        ));
    }
    // Grouping separators and their positions counted from the right.
    let mut seps: Vec<(usize, char)> = Vec::new();
    let mut pos = 0;
    for &c in chars.iter().rev() {
        if is_digit_family(c).is_some() || c == '#' {
            pos += 1;
        } else {
            seps.push((pos, c));
        }
    }
    let raw = n.to_string();
    let mut digits: Vec<char> =
        raw.chars().map(|d| char::from_u32(zero + d.to_digit(10).unwrap_or(0)).unwrap_or(d)).collect();
    while digits.len() < mandatory {
        digits.insert(0, char::from_u32(zero).unwrap_or('0'));
    }
    if seps.is_empty() {
        return Ok(digits.into_iter().collect());
    }
    // Regular grouping repeats when all separators are the same and evenly spaced.
    let regular = {
        let first = seps[0].0;
        first > 0 && seps.iter().enumerate().all(|(i, (p, c))| *p == first * (i + 1) && *c == seps[0].1)
    };
    let mut out = Vec::new();
    let len = digits.len();
    for (i, d) in digits.iter().enumerate() {
        let from_right = len - i;
        if i > 0 {
            let sep = if regular {
                from_right.is_multiple_of(seps[0].0).then_some(seps[0].1)
            } else {
                seps.iter().find(|(p, _)| *p == from_right).map(|(_, c)| *c)
            };
            if let Some(s) = sep {
                out.push(s);
            }
        }
        out.push(*d);
    }
    Ok(out.into_iter().collect())
}

pub(crate) fn format_integer(value: f64, picture: &str) -> Result<String> {
    let (primary, modifier) = match picture.rfind(';') {
        Some(i) => (&picture[..i], &picture[i + 1..]),
        None => (picture, ""),
    };
    let ordinal = modifier.starts_with('o');
    let neg = value < 0.0;
    let n = value.abs().floor() as u64;
    let body = match primary {
        "A" => letters(n).to_uppercase(),
        "a" => letters(n),
        "I" => roman(n).to_uppercase(),
        "i" => roman(n),
        "W" => words(value.abs().floor(), ordinal).to_uppercase(),
        "w" => words(value.abs().floor(), ordinal),
        "Ww" => title(&words(value.abs().floor(), ordinal)),
        p => {
            if !p.chars().any(|c| is_digit_family(c).is_some()) {
                return Err(JsonataError::new(
                    "D3130",
                    format!("Formatting or parsing an integer as a sequence starting with {p} is not supported by this implementation"),
                ));
            }
            let mut s = decimal(n, p)?;
            if ordinal {
                s.push_str(ordinal_suffix(n));
            }
            s
        }
    };
    Ok(if neg { format!("-{body}") } else { body })
}

fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if w == "and" {
                return w.to_string();
            }
            w.split('-')
                .map(|p| {
                    let mut c = p.chars();
                    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn word_value(word: &str) -> Option<f64> {
    if let Some(i) = ONES.iter().position(|w| *w == word).or_else(|| ORD_ONES.iter().position(|w| *w == word)) {
        return Some(i as f64);
    }
    for (i, t) in TENS.iter().enumerate() {
        let ordinal = format!("{}ieth", &t[..t.len() - 1]);
        if *t == word || ordinal == word {
            return Some(10.0 * (i + 2) as f64);
        }
    }
    let base = word.strip_suffix("th").unwrap_or(word);
    if base == "hundred" {
        return Some(100.0);
    }
    MAGNITUDES.iter().position(|m| *m == base).map(|i| 10f64.powi(3 * (i as i32 + 1)))
}

/// Words back to a number: values under 100 add up within a segment; larger ones scale it.
fn words_value(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    let mut segs: Vec<f64> = vec![0.0];
    for word in lower.split([' ', '-', ',']).filter(|w| !w.is_empty() && *w != "and") {
        let v = word_value(word)?;
        if v < 100.0 {
            let mut top = segs.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segs.push(top);
                top = 0.0;
            }
            segs.push(top + v);
        } else {
            let top = segs.pop().unwrap_or(0.0);
            segs.push(top * v);
        }
    }
    Some(segs.iter().sum())
}

fn roman_value(s: &str) -> Option<u64> {
    let val = |c: char| match c.to_ascii_lowercase() {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let vals: Option<Vec<i64>> = s.chars().map(val).collect();
    let vals = vals?;
    let mut total = 0i64;
    for (i, v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|n| n > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    u64::try_from(total).ok()
}

pub(crate) fn parse_integer(text: &str, picture: &str) -> Result<Option<f64>> {
    let primary = match picture.rfind(';') {
        Some(i) => &picture[..i],
        None => picture,
    };
    let v = match primary {
        "A" | "a" => {
            let mut n = 0u64;
            let mut ok = !text.is_empty();
            for c in text.chars() {
                let c = c.to_ascii_lowercase();
                ok &= c.is_ascii_lowercase();
                n = n * 26 + (c as u64).saturating_sub('a' as u64) + 1;
            }
            ok.then_some(n as f64)
        }
        "I" | "i" => roman_value(text).map(|n| n as f64),
        "W" | "w" | "Ww" => words_value(text),
        p => {
            if !p.chars().any(|c| is_digit_family(c).is_some()) {
                return Err(JsonataError::new(
                    "D3130",
                    format!("Formatting or parsing an integer as a sequence starting with {p} is not supported by this implementation"),
                ));
            }
            let digits: String = text
                .chars()
                .filter_map(|c| is_digit_family(c).map(|d| char::from_digit(d, 10).unwrap_or('0')))
                .collect();
            digits.parse::<f64>().ok()
        }
    };
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_integer(1234.0, "#,##0").unwrap(), "1,234");
        assert_eq!(format_integer(7.0, "001").unwrap(), "007");
        assert_eq!(format_integer(99.0, "W").unwrap(), "NINETY-NINE");
        assert_eq!(format_integer(1999.0, "I").unwrap(), "MCMXCIX");
        assert_eq!(format_integer(28.0, "a").unwrap(), "ab");
        assert_eq!(format_integer(2.0, "1;o").unwrap(), "2nd");
    }

    #[test]
    fn parses() {
        assert_eq!(parse_integer("1,234", "#,##0").unwrap(), Some(1234.0));
        assert_eq!(parse_integer("MCMXCIX", "I").unwrap(), Some(1999.0));
        assert_eq!(parse_integer("one hundred and twenty-three", "w").unwrap(), Some(123.0));
    }
}
