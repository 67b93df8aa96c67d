//! `$formatNumber`: XPath `format-number` decimal pictures (`#,##0.00`, `0.0e0`, `50%`, ...).

use crate::error::{JsonataError, Result};
use crate::functions::round_half_even;
use crate::value::V;

struct Props {
    decimal: char,
    grouping: char,
    exponent: char,
    minus: char,
    percent: char,
    per_mille: char,
    zero: char,
    digit: char,
    pattern: char,
    /// The per-mille option may be longer than one character (e.g. "pm").
    per_mille_text: String,
}

impl Props {
    fn from_options(options: &V) -> Props {
        let mut p = Props {
            decimal: '.',
            grouping: ',',
            exponent: 'e',
            minus: '-',
            percent: '%',
            per_mille: '\u{2030}',
            zero: '0',
            digit: '#',
            pattern: ';',
            per_mille_text: "\u{2030}".to_string(),
        };
        if let V::Obj(o) = options {
            for (k, v) in o.iter() {
                let Some(c) = v.as_str().and_then(|s| s.chars().next()) else { continue };
                match k.as_str() {
                    "decimal-separator" => p.decimal = c,
                    "grouping-separator" => p.grouping = c,
                    "exponent-separator" => p.exponent = c,
                    "minus-sign" => p.minus = c,
                    "percent" => p.percent = c,
                    "per-mille" => {
                        p.per_mille = c;
                        p.per_mille_text = v.as_str().unwrap_or_default().to_string();
                    }
                    "zero-digit" => p.zero = c,
                    "digit" => p.digit = c,
                    "pattern-separator" => p.pattern = c,
                    _ => {}
                }
            }
        }
        p
    }

    fn is_digit(&self, c: char) -> bool {
        let z = self.zero as u32;
        (z..z + 10).contains(&(c as u32))
    }

    /// Percent and per-mille signs are passive: they stay in the prefix or suffix.
    fn is_active(&self, c: char) -> bool {
        self.is_digit(c) || [self.decimal, self.exponent, self.grouping, self.digit].contains(&c)
    }
}

struct Parts {
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fraction: Vec<char>,
    picture: Vec<char>,
}

fn find(hay: &[char], c: char, from: usize) -> Option<usize> {
    hay.iter().skip(from).position(|&x| x == c).map(|p| p + from)
}

fn count(s: &[char], c: char) -> usize {
    s.iter().filter(|&&x| x == c).count()
}

fn split_parts(pic: &[char], p: &Props) -> Parts {
    let is_marker = |c: char| p.is_active(c) && c != p.exponent;
    // Without any active character the whole picture counts as the (invalid) active part.
    let prefix_len = pic.iter().position(|&c| is_marker(c)).unwrap_or(0);
    let suffix_start = pic.iter().rposition(|&c| is_marker(c)).map(|i| i + 1).unwrap_or(pic.len());
    let prefix = pic[..prefix_len].to_vec();
    let suffix = pic[suffix_start..].to_vec();
    let active = pic[prefix_len..suffix_start].to_vec();
    let (mantissa, exponent) = match find(pic, p.exponent, prefix_len) {
        Some(e) if e <= suffix_start => {
            let at = (e - prefix_len).min(active.len());
            (active[..at].to_vec(), Some(active.get(at + 1..).map(<[char]>::to_vec).unwrap_or_default()))
        }
        _ => (active.clone(), None),
    };
    let (integer, fraction) = match find(&mantissa, p.decimal, 0) {
        Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
        None => (mantissa.clone(), suffix.clone()),
    };
    Parts { prefix, suffix, active, mantissa, exponent, integer, fraction, picture: pic.to_vec() }
}

/// Checks a sub-picture. As in jsonata-js every rule is checked and the last broken one is
/// reported.
fn validate(parts: &Parts, p: &Props) -> Result<()> {
    let pic = &parts.picture;
    let mut code: Option<&str> = None;
    let mut rule = |broken: bool, c: &'static str| {
        if broken {
            code = Some(c);
        }
    };
    rule(count(pic, p.decimal) > 1, "D3081");
    rule(count(pic, p.percent) > 1, "D3082");
    rule(count(pic, p.per_mille) > 1, "D3083");
    rule(count(pic, p.percent) > 0 && count(pic, p.per_mille) > 0, "D3084");
    rule(!parts.mantissa.iter().any(|&c| p.is_digit(c) || c == p.digit), "D3085");
    rule(parts.active.iter().any(|&c| !p.is_active(c)), "D3086");
    match find(pic, p.decimal, 0) {
        Some(d) => rule((d > 0 && pic[d - 1] == p.grouping) || pic.get(d + 1) == Some(&p.grouping), "D3087"),
        None => rule(parts.integer.last() == Some(&p.grouping), "D3088"),
    }
    rule(pic.windows(2).any(|w| w[0] == p.grouping && w[1] == p.grouping), "D3089");
    if let Some(opt) = find(&parts.integer, p.digit, 0) {
        rule(parts.integer[..opt].iter().any(|&c| p.is_digit(c)), "D3090");
    }
    if let Some(opt) = parts.fraction.iter().rposition(|&c| c == p.digit) {
        rule(parts.fraction[opt..].iter().any(|&c| p.is_digit(c)), "D3091");
    }
    if let Some(exp) = &parts.exponent {
        rule(!exp.is_empty() && (count(pic, p.percent) > 0 || count(pic, p.per_mille) > 0), "D3092");
        rule(exp.is_empty() || exp.iter().any(|&c| !p.is_digit(c)), "D3093");
    }
    match code {
        Some(c) => Err(JsonataError::new(c, format!("Invalid picture string for $formatNumber ({c})"))),
        None => Ok(()),
    }
}

#[derive(Clone)]
struct Analysis {
    grouping: Vec<usize>,
    regular: usize,
    min_int: usize,
    scaling: usize,
    prefix: Vec<char>,
    suffix: Vec<char>,
    frac_grouping: Vec<usize>,
    min_frac: usize,
    max_frac: usize,
    min_exp: usize,
    picture: Vec<char>,
}

fn grouping_positions(part: &[char], to_left: bool, p: &Props) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, &c) in part.iter().enumerate() {
        if c == p.grouping {
            let side = if to_left { &part[..i] } else { &part[i..] };
            out.push(side.iter().filter(|&&x| p.is_digit(x) || x == p.digit).count());
        }
    }
    out
}

fn regular(positions: &[usize]) -> usize {
    if positions.is_empty() {
        return 0;
    }
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let factor = positions.iter().copied().reduce(gcd).unwrap_or(0);
    if factor == 0 {
        return 0;
    }
    for i in 1..=positions.len() {
        if !positions.contains(&(i * factor)) {
            return 0;
        }
    }
    factor
}

fn analyse(parts: &Parts, p: &Props) -> Analysis {
    let grouping = grouping_positions(&parts.integer, false, p);
    let mut min_int = parts.integer.iter().filter(|&&c| p.is_digit(c)).count();
    let scaling = min_int;
    let mut min_frac = parts.fraction.iter().filter(|&&c| p.is_digit(c)).count();
    let mut max_frac = parts.fraction.iter().filter(|&&c| p.is_digit(c) || c == p.digit).count();
    let has_exp = parts.exponent.is_some();
    if min_int == 0 && max_frac == 0 {
        if has_exp {
            min_frac = 1;
            max_frac = 1;
        } else {
            min_int = 1;
        }
    }
    if has_exp && min_int == 0 && parts.integer.contains(&p.digit) {
        min_int = 1;
    }
    if min_int == 0 && min_frac == 0 {
        min_frac = 1;
    }
    let min_exp = parts.exponent.as_ref().map(|e| e.iter().filter(|&&c| p.is_digit(c)).count()).unwrap_or(0);
    Analysis {
        regular: regular(&grouping),
        grouping,
        min_int,
        scaling,
        prefix: parts.prefix.clone(),
        suffix: parts.suffix.clone(),
        frac_grouping: grouping_positions(&parts.fraction, true, p),
        min_frac,
        max_frac,
        min_exp,
        picture: parts.picture.clone(),
    }
}

fn to_family(s: &str, p: &Props) -> Vec<char> {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(p.zero as u32 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

pub(crate) fn format_number(value: f64, picture: &str, options: &V) -> Result<String> {
    let p = Props::from_options(options);
    let chars: Vec<char> = picture.chars().collect();
    let subs: Vec<&[char]> = chars.split(|&c| c == p.pattern).collect();
    if subs.len() > 2 {
        return Err(JsonataError::new("D3080", "The picture string must not contain more than one pattern separator"));
    }
    let parts: Vec<Parts> = subs.iter().map(|s| split_parts(s, &p)).collect();
    for part in &parts {
        validate(part, &p)?;
    }
    let mut vars: Vec<Analysis> = parts.iter().map(|x| analyse(x, &p)).collect();
    if vars.len() == 1 {
        let mut neg = vars[0].clone();
        neg.prefix.insert(0, p.minus);
        vars.push(neg);
    }
    let pic = if value >= 0.0 { &vars[0] } else { &vars[1] };
    let adjusted = if pic.picture.contains(&p.percent) {
        value * 100.0
    } else if pic.picture.iter().collect::<String>().contains(&p.per_mille_text) {
        value * 1000.0
    } else {
        value
    };
    let mut mantissa = adjusted;
    let mut exponent: Option<i32> = None;
    if pic.min_exp > 0 {
        let max_m = 10f64.powi(pic.scaling as i32);
        let min_m = 10f64.powi(pic.scaling as i32 - 1);
        let mut e = 0;
        if mantissa != 0.0 {
            while mantissa.abs() < min_m {
                mantissa *= 10.0;
                e -= 1;
            }
            while mantissa.abs() > max_m {
                mantissa /= 10.0;
                e += 1;
            }
        }
        exponent = Some(e);
    }
    let rounded = round_half_even(mantissa, pic.max_frac as i32);
    let fixed = format!("{:.*}", pic.max_frac, rounded.abs());
    let mut s: Vec<char> = to_family(&fixed, &p);
    match s.iter().position(|&c| c == '.') {
        Some(i) => s[i] = p.decimal,
        None => s.push(p.decimal),
    }
    while s.first() == Some(&p.zero) {
        s.remove(0);
    }
    while s.last() == Some(&p.zero) {
        s.pop();
    }
    let dp = s.iter().position(|&c| c == p.decimal).unwrap_or(s.len());
    let pad_left = pic.min_int.saturating_sub(dp);
    let pad_right = pic.min_frac.saturating_sub(s.len() - dp - 1);
    let mut s: Vec<char> =
        std::iter::repeat_n(p.zero, pad_left).chain(s).chain(std::iter::repeat_n(p.zero, pad_right)).collect();
    let mut dp = s.iter().position(|&c| c == p.decimal).unwrap_or(s.len());
    if let Some(groups) = dp.saturating_sub(1).checked_div(pic.regular) {
        for g in 1..=groups {
            s.insert(dp - g * pic.regular, p.grouping);
        }
    } else {
        for &pos in &pic.grouping {
            if pos <= dp {
                s.insert(dp - pos, p.grouping);
                dp += 1;
            }
        }
    }
    let dp = s.iter().position(|&c| c == p.decimal).unwrap_or(s.len());
    for &pos in &pic.frac_grouping {
        let at = pos + dp + 1;
        if at <= s.len() {
            s.insert(at, p.grouping);
        }
    }
    if s.last() == Some(&p.decimal) {
        s.pop();
    }
    let mut out: String = s.into_iter().collect();
    if let Some(e) = exponent {
        let mut digits = to_family(&e.abs().to_string(), &p);
        while digits.len() < pic.min_exp {
            digits.insert(0, p.zero);
        }
        out.push(p.exponent);
        if e < 0 {
            out.push(p.minus);
        }
        out.extend(digits);
    }
    Ok(pic.prefix.iter().collect::<String>() + &out + &pic.suffix.iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures() {
        assert_eq!(format_number(12345.6, "#,###.00", &V::Undef).unwrap(), "12,345.60");
        assert_eq!(format_number(0.14, "01%", &V::Undef).unwrap(), "14%");
        assert_eq!(format_number(-6.0, "000", &V::Undef).unwrap(), "-006");
        assert_eq!(format_number(1234.5678, "00.000e0", &V::Undef).unwrap(), "12.346e2");
        assert_eq!(format_number(1.0, "#.#.#", &V::Undef).unwrap_err().code, "D3081");
    }
}
