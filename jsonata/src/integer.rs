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
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
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
const ORD_TENS: [&str; 10] =
    ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];
const SCALES: [(u64, &str); 4] = [
    (1_000_000_000_000_000_000, "quintillion"),
    (1_000_000_000_000, "trillion"),
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
];

/// English words for `n`: "one hundred and twenty-three", ordinal form when asked.
pub(crate) fn words(n: u64, ordinal: bool) -> String {
    fn under_1000(n: u64, ordinal: bool) -> String {
        if n < 20 {
            return if ordinal { ORD_ONES[n as usize] } else { ONES[n as usize] }.to_string();
        }
        if n < 100 {
            let (t, o) = (n / 10, n % 10);
            if o == 0 {
                return if ordinal { ORD_TENS[t as usize] } else { TENS[t as usize] }.to_string();
            }
            return format!("{}-{}", TENS[t as usize], under_1000(o, ordinal));
        }
        let (h, r) = (n / 100, n % 100);
        if r == 0 {
            return format!("{} hundred{}", ONES[h as usize], if ordinal { "th" } else { "" });
        }
        format!("{} hundred and {}", ONES[h as usize], under_1000(r, ordinal))
    }
    fn go(n: u64, ordinal: bool) -> String {
        for (scale, name) in SCALES {
            if n >= scale {
                let (hi, lo) = (n / scale, n % scale);
                let head = go(hi, false);
                return if lo == 0 {
                    format!("{head} {name}{}", if ordinal { "th" } else { "" })
                } else {
                    let joiner = if lo < 100 { " and " } else { ", " };
                    format!("{head} {name}{joiner}{}", go(lo, ordinal))
                };
            }
        }
        if n >= 1000 {
            let (hi, lo) = (n / 1000, n % 1000);
            let head = under_1000(hi, false);
            return if lo == 0 {
                format!("{head} thousand{}", if ordinal { "th" } else { "" })
            } else {
                let joiner = if lo < 100 { " and " } else { ", " };
                format!("{head} thousand{joiner}{}", under_1000(lo, ordinal))
            };
        }
        under_1000(n, ordinal)
    }
    go(n, ordinal)
}

pub(crate) fn roman(mut n: u64) -> String {
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
                (from_right % seps[0].0 == 0).then_some(seps[0].1)
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
        "W" => words(n, ordinal).to_uppercase(),
        "w" => words(n, ordinal),
        "Ww" => title(&words(n, ordinal)),
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

fn words_value(text: &str) -> Option<u64> {
    let text = text.to_lowercase();
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    for word in text.split(|c: char| c == ' ' || c == '-' || c == ',').filter(|w| !w.is_empty() && *w != "and") {
        let w = word.trim_end_matches("th");
        if let Some(i) = ONES.iter().position(|o| *o == word || *o == w) {
            current += i as u64;
        } else if let Some(i) = ORD_ONES.iter().position(|o| *o == word) {
            current += i as u64;
        } else if let Some(i) = TENS.iter().position(|t| !t.is_empty() && *t == word) {
            current += 10 * i as u64;
        } else if let Some(i) = ORD_TENS.iter().position(|t| !t.is_empty() && *t == word) {
            current += 10 * i as u64;
        } else if word.starts_with("hundred") {
            current *= 100;
        } else if word.starts_with("thousand") {
            total += current * 1000;
            current = 0;
        } else if let Some((scale, _)) = SCALES.iter().find(|(_, n)| word.starts_with(n)) {
            total += current * scale;
            current = 0;
        } else {
            return None;
        }
    }
    Some(total + current)
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
        "W" | "w" | "Ww" => words_value(text).map(|n| n as f64),
        _ => {
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
