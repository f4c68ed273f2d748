//! Decimal text to `f64`, correctly rounded, without the standard library's 10 KB table of powers of five (most of a number parser's weight in the download).
//!
//! Most numbers take the exact fast path (at most 15 digits and a power of ten up to 22: one
//! exactly rounded multiplication or division). The rest go through "simple decimal conversion"
//! (Go's `strconv`, after Nigel Tao): the digits, shifted by powers of two until 53 bits are left,
//! then rounded half to even. It accepts what `str::parse::<f64>` accepts.

/// How many decimal digits are kept; more are only remembered as "something non-zero followed".
const MAX_DIGITS: usize = 800;
/// The largest shift of a step: `digit << MAX_SHIFT` must fit in a `u64` with room for a carry.
const MAX_SHIFT: u32 = 60;
/// Binary shifts that cover one more decimal digit of the point's position (`powtab` in Go).
const POWERS: [u32; 9] = [1, 3, 6, 9, 13, 16, 19, 23, 26];

/// A decimal number `0.d₁d₂d₃… × 10^point`.
#[derive(Clone)]
struct Decimal {
    digits: Vec<u8>,
    point: i32,
    /// Non-zero digits were dropped past `MAX_DIGITS`.
    truncated: bool,
}

impl Decimal {
    fn trim(&mut self) {
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.point = 0;
        }
    }

    /// Multiplies by `2^k`.
    fn left_shift(&mut self, k: u32) {
        let mut reversed = Vec::with_capacity(self.digits.len() + 20);
        let mut carry: u64 = 0;
        for &digit in self.digits.iter().rev() {
            carry += u64::from(digit) << k;
            reversed.push((carry % 10) as u8);
            carry /= 10;
        }
        while carry > 0 {
            reversed.push((carry % 10) as u8);
            carry /= 10;
        }
        let added = reversed.len() as i32 - self.digits.len() as i32;
        reversed.reverse();
        if reversed.len() > MAX_DIGITS {
            self.truncated |= reversed[MAX_DIGITS..].iter().any(|&d| d != 0);
            reversed.truncate(MAX_DIGITS);
        }
        self.digits = reversed;
        self.point += added;
        self.trim();
    }

    /// Divides by `2^k`.
    fn right_shift(&mut self, k: u32) {
        let mask = (1u64 << k) - 1;
        let mut read = 0;
        let mut n: u64 = 0;
        // Pick up enough leading digits to cover the first shift.
        while n >> k == 0 {
            if read < self.digits.len() {
                n = n * 10 + u64::from(self.digits[read]);
            } else if n == 0 {
                self.digits.clear();
                self.point = 0;
                return;
            } else {
                n *= 10;
            }
            read += 1;
        }
        self.point -= read as i32 - 1;
        let mut out = Vec::with_capacity(self.digits.len() + 20);
        while read < self.digits.len() {
            out.push((n >> k) as u8);
            n = (n & mask) * 10 + u64::from(self.digits[read]);
            read += 1;
        }
        while n > 0 {
            let digit = (n >> k) as u8;
            if out.len() < MAX_DIGITS {
                out.push(digit);
            } else if digit > 0 {
                self.truncated = true;
            }
            n = (n & mask) * 10;
        }
        self.digits = out;
        self.trim();
    }

    fn shift(&mut self, mut k: i32) {
        if self.digits.is_empty() {
            return;
        }
        while k > 0 {
            let step = (k as u32).min(MAX_SHIFT);
            self.left_shift(step);
            k -= step as i32;
        }
        while k < 0 {
            let step = ((-k) as u32).min(MAX_SHIFT);
            self.right_shift(step);
            k += step as i32;
        }
    }

    /// The integer part, rounded half to even by the digits after the point.
    fn rounded_integer(&self) -> u64 {
        if self.point > 20 {
            return u64::MAX;
        }
        if self.point < 0 {
            // Below 0.1: rounds to zero.
            return 0;
        }
        let point = self.point as usize;
        let mut n: u64 = 0;
        for index in 0..point {
            n = n * 10 + u64::from(self.digits.get(index).copied().unwrap_or(0));
        }
        let round_up = match self.digits.get(point) {
            None => false,
            Some(5) if point + 1 == self.digits.len() => {
                self.truncated || (point > 0 && self.digits[point - 1] % 2 == 1)
            }
            Some(&digit) => digit >= 5,
        };
        n + u64::from(round_up)
    }

    /// The nearest `f64` (`floatBits` of Go's `strconv`), without its sign.
    fn into_f64(mut self) -> f64 {
        const MANTISSA_BITS: i32 = 52;
        const BIAS: i32 = -1023;
        if self.digits.is_empty() || self.point < -330 {
            return 0.0;
        }
        if self.point > 310 {
            return f64::INFINITY;
        }
        let power = |point: i32| POWERS.get(point as usize).map_or(27, |&p| p as i32);
        let mut exponent = 0;
        while self.point > 0 {
            let n = power(self.point);
            self.shift(-n);
            exponent += n;
        }
        while self.point < 0 || (self.point == 0 && self.digits.first().is_some_and(|&d| d < 5)) {
            let n = power(-self.point);
            self.shift(n);
            exponent -= n;
        }
        // The range is now [0.5, 1); floating point's is [1, 2).
        exponent -= 1;
        if exponent < BIAS + 1 {
            let n = BIAS + 1 - exponent;
            self.shift(-n);
            exponent += n;
        }
        if exponent - BIAS >= 0x7ff {
            return f64::INFINITY;
        }
        self.shift(1 + MANTISSA_BITS);
        let mut mantissa = self.rounded_integer();
        if mantissa == 2 << MANTISSA_BITS {
            mantissa >>= 1;
            exponent += 1;
            if exponent - BIAS >= 0x7ff {
                return f64::INFINITY;
            }
        }
        if mantissa & (1 << MANTISSA_BITS) == 0 {
            exponent = BIAS;
        }
        let bits = (mantissa & ((1 << MANTISSA_BITS) - 1))
            | (((exponent - BIAS) as u64 & 0x7ff) << MANTISSA_BITS);
        f64::from_bits(bits)
    }
}

/// Powers of ten that an `f64` holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Reads `[+-](inf|infinity|nan|digits[.digits][e[+-]digits])`, as `str::parse::<f64>` does.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let signed = |value: f64| if negative { -value } else { value };
    if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        return Some(signed(f64::INFINITY));
    }
    if rest.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    let bytes = rest.as_bytes();
    let mut decimal = Decimal {
        digits: Vec::new(),
        point: 0,
        truncated: false,
    };
    let mut index = 0;
    let mut seen_point = false;
    let mut seen_digit = false;
    // The first 19 significant digits as an integer, for the fast path.
    let mut mantissa: u64 = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'.' if !seen_point => {
                seen_point = true;
                decimal.point = decimal.digits.len() as i32;
            }
            b'0'..=b'9' => {
                seen_digit = true;
                let digit = byte - b'0';
                if digit == 0 && decimal.digits.is_empty() {
                    // A leading zero moves the point, not the digits.
                    decimal.point -= 1;
                } else if decimal.digits.len() < MAX_DIGITS {
                    if decimal.digits.len() < 19 {
                        mantissa = mantissa * 10 + u64::from(digit);
                    }
                    decimal.digits.push(digit);
                } else if digit != 0 {
                    decimal.truncated = true;
                }
            }
            _ => break,
        }
        index += 1;
    }
    if !seen_digit {
        return None;
    }
    if !seen_point {
        decimal.point = decimal.digits.len() as i32;
    }
    if let Some(b'e' | b'E') = bytes.get(index) {
        index += 1;
        let negative_exponent = match bytes.get(index) {
            Some(b'-') => {
                index += 1;
                true
            }
            Some(b'+') => {
                index += 1;
                false
            }
            _ => false,
        };
        let start = index;
        let mut exponent: i32 = 0;
        while let Some(&byte @ b'0'..=b'9') = bytes.get(index) {
            if exponent < 10_000 {
                exponent = exponent * 10 + i32::from(byte - b'0');
            }
            index += 1;
        }
        if index == start {
            return None;
        }
        decimal.point += if negative_exponent {
            -exponent
        } else {
            exponent
        };
    }
    if index != bytes.len() {
        return None;
    }
    // Fast path: the significant digits fit in 15 digits and the power of ten is exact.
    let digits = decimal.digits.len() as i32;
    let power = decimal.point - digits;
    if digits <= 15 && !decimal.truncated && (-22..=22).contains(&power) {
        let value = mantissa as f64;
        let scaled = if power >= 0 {
            value * EXACT_POWERS[power as usize]
        } else {
            value / EXACT_POWERS[(-power) as usize]
        };
        return Some(signed(scaled));
    }
    Some(signed(decimal.into_f64()))
}

/// Python's `repr` of a float, which `json.dumps` (and so the Azure CLI) writes: the fewest
/// digits that read back as the same `f64`, in fixed notation from 1e-4 up to 1e16 and as
/// `d.ddde+XX` outside it. Exact (the float's whole decimal expansion is rounded), without the
/// standard library's float formatting and its tables.
pub fn repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}Infinity");
    }
    let x = x.abs();
    if x == 0.0 {
        return format!("{sign}0.0");
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = match biased {
        0 => (fraction, -1074),
        _ => (fraction | (1 << 52), biased - 1075),
    };
    let mut exact = Decimal {
        digits: mantissa.to_string().bytes().map(|b| b - b'0').collect(),
        point: 0,
        truncated: false,
    };
    exact.point = exact.digits.len() as i32;
    exact.trim();
    exact.shift(exponent);
    let (digits, point) = (1..=17)
        .map(|n| exact.rounded_to(n))
        .find(|candidate| candidate.clone().into_f64() == x)
        .map_or((exact.digits.clone(), exact.point), |d| (d.digits, d.point));
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let length = text.len() as i32;
    let body = if point <= -4 || point > 16 {
        let (first, rest) = text.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let power = point - 1;
        let power_sign = if power < 0 { '-' } else { '+' };
        format!("{first}{dot}{rest}e{power_sign}{:02}", power.abs())
    } else if point <= 0 {
        format!("0.{}{text}", "0".repeat((-point) as usize))
    } else if point >= length {
        format!("{text}{}.0", "0".repeat((point - length) as usize))
    } else {
        let (whole, part) = text.split_at(point as usize);
        format!("{whole}.{part}")
    };
    format!("{sign}{body}")
}

impl Decimal {
    /// The nearest decimal of `n` significant digits, ties to even.
    fn rounded_to(&self, n: usize) -> Decimal {
        let mut rounded = self.clone();
        if self.digits.len() <= n {
            return rounded;
        }
        rounded.digits.truncate(n);
        rounded.truncated = false;
        let next = self.digits[n];
        let beyond = self.truncated || self.digits[n + 1..].iter().any(|&d| d != 0);
        let up = next > 5 || (next == 5 && (beyond || self.digits[n - 1] % 2 == 1));
        if up {
            let mut index = n;
            loop {
                if index == 0 {
                    rounded.digits.insert(0, 1);
                    rounded.digits.truncate(n);
                    rounded.point += 1;
                    break;
                }
                index -= 1;
                if rounded.digits[index] == 9 {
                    rounded.digits[index] = 0;
                } else {
                    rounded.digits[index] += 1;
                    break;
                }
            }
        }
        rounded.trim();
        rounded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_writes_what_python_writes() {
        for (x, python) in [
            (1.5, "1.5"),
            (2.0, "2.0"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (f64::INFINITY, "Infinity"),
            (2.5, "2.5"),
            (100.0, "100.0"),
            (1.0 / 3.0, "0.3333333333333333"),
        ] {
            assert_eq!(repr(x), python, "{x:e}");
        }
    }

    /// Against Python itself: 3,000 floats and their `repr`, written by Python 3.11.
    #[test]
    fn repr_matches_python_on_thousands_of_floats() {
        let fixture = include_str!("../tests/fixtures/python-float-repr.txt");
        let mut checked = 0;
        for line in fixture.lines().filter(|l| !l.starts_with('#')) {
            let (bits, python) = line.split_once(' ').expect("bits and repr");
            let x = f64::from_bits(u64::from_str_radix(bits, 16).expect("hex bits"));
            assert_eq!(repr(x), python, "{bits}");
            assert_eq!(
                parse(python).map(f64::to_bits),
                Some(x.to_bits()),
                "{python}"
            );
            checked += 1;
        }
        assert!(checked > 3_000);
    }

    fn same(text: &str) {
        let ours = parse(text);
        let theirs = text.parse::<f64>().ok();
        match (ours, theirs) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{text}: {a} vs {b}"),
            (a, b) => assert_eq!(a, b, "{text}"),
        }
    }

    #[test]
    fn reads_what_the_standard_parser_reads_to_the_same_bits() {
        for text in [
            "0",
            "-0",
            "1",
            "+1",
            "1.5",
            ".5",
            "5.",
            "0.1",
            "0.30000000000000004",
            "1e22",
            "1e23",
            "9007199254740993",
            "123456789012345678901234567890",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327e-324",
            "1e-400",
            "1e400",
            "inf",
            "-Infinity",
            "NaN",
            "0.000000000000000000000000000001",
            "179769313486231580793728971405301e276",
            "7.2057594037927933e16",
            "1e",
            "e5",
            ".",
            "1..2",
            "--1",
            "1e+",
            "0x10",
            " 1",
            "1_0",
            "",
        ] {
            same(text);
        }
        // A fixed pseudo-random walk over digit strings and exponents.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let digits = 1 + next() % 40;
            let mut text = String::new();
            for position in 0..digits {
                if position == next() % (digits + 1) {
                    text.push('.');
                }
                text.push(char::from(b'0' + (next() % 10) as u8));
            }
            if next() % 2 == 0 {
                let exponent = (next() % 700) as i64 - 350;
                text.push_str(&format!("e{exponent}"));
            }
            same(&text);
        }
    }
}
