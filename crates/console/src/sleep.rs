//! `sleep DURATION`: GNU sleep's syntax, which in the playground moves the model's clock (in whole minutes) instead of waiting.

use std::fmt;

use crate::az::Arg;
use crate::shell::Span;

/// `sleep --help`: GNU coreutils' text, then what the playground does differently.
pub const HELP: &str = help_text!(
    "Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help        display this help and exit

In the playground, sleep does not wait: it moves the playground's clock
forward at once.  The clock moves in whole minutes, so the total is rounded
UP to the next minute: 'sleep 30' moves it 1 minute, 'sleep 90' 2 minutes,
'sleep 0' not at all.  Tokens expire about 24 hours after they are issued,
and deleted applications and service principals can be restored for 30 days.
"
);

/// The most the model's clock moves at once: `AdvanceClock` counts minutes in a `u32`.
const MAX_MINUTES: u64 = u32::MAX as u64;

const NANOS_PER_SECOND: u64 = 1_000_000_000;

/// A length of time as whole seconds and the nanoseconds beyond them (always under a second):
/// plain `u64`s hold any interval the clock can move, so no 128-bit arithmetic reaches the download.
#[derive(Clone, Copy, Default)]
struct Interval {
    seconds: u64,
    nanos: u64,
}

impl Interval {
    fn checked_add(self, other: Interval) -> Option<Interval> {
        let nanos = self.nanos + other.nanos;
        let seconds = self
            .seconds
            .checked_add(other.seconds)?
            .checked_add(nanos / NANOS_PER_SECOND)?;
        Some(Interval {
            seconds,
            nanos: nanos % NANOS_PER_SECOND,
        })
    }

    /// Whole minutes, rounded up: a part of a second counts as the whole second it begins.
    fn minutes(self) -> u64 {
        (self.seconds + u64::from(self.nanos > 0)).div_ceil(60)
    }
}

/// What a `sleep` line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sleep {
    Help,
    /// The clock moves this many whole minutes.
    Minutes(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SleepErrorKind {
    /// `sleep` alone.
    MissingOperand,
    /// Not `NUMBER[SUFFIX]`.
    InvalidInterval { text: String },
    /// An option other than `--help`.
    UnrecognizedOption { text: String },
    /// More than the clock moves at once.
    TooLong { text: String },
}

/// A `sleep` usage error, worded as GNU sleep words it, with the span of the offending word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepError {
    pub kind: SleepErrorKind,
    pub span: Span,
}

impl fmt::Display for SleepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            SleepErrorKind::MissingOperand => write!(f, "sleep: missing operand")?,
            SleepErrorKind::InvalidInterval { text } => {
                write!(f, "sleep: invalid time interval '{text}'")?
            }
            SleepErrorKind::UnrecognizedOption { text } => {
                write!(f, "sleep: unrecognized option '{text}'")?
            }
            SleepErrorKind::TooLong { text } => write!(
                f,
                // `u32::MAX`, the same number as `MAX_MINUTES`: a `u128` printed would bring its
                // own formatting code (and 128-bit division) into the download for this one message.
                "sleep: invalid time interval '{text}': the playground's clock moves at most {} minutes (about 8,000 years) at once",
                u32::MAX
            )?,
        }
        write!(f, "\nTry 'sleep --help' for more information.")
    }
}

/// Parses the words after `sleep` (`args[0]` is `sleep` itself).
pub fn parse(args: &[Arg]) -> Result<Sleep, SleepError> {
    let operands = args.get(1..).unwrap_or_default();
    // GNU getopt permutes: `--help` anywhere wins.
    if operands.iter().any(|arg| arg.text == "--help") {
        return Ok(Sleep::Help);
    }
    let whole = match (args.first(), args.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => Span::default(),
    };
    if operands.is_empty() {
        return Err(SleepError {
            kind: SleepErrorKind::MissingOperand,
            span: whole,
        });
    }
    let mut total = Interval::default();
    for arg in operands {
        if arg.text.starts_with('-')
            && arg.text.len() > 1
            && !arg.text[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.')
        {
            return Err(SleepError {
                kind: SleepErrorKind::UnrecognizedOption {
                    text: arg.text.clone(),
                },
                span: arg.span,
            });
        }
        let too_long = || SleepError {
            kind: SleepErrorKind::TooLong {
                text: arg.text.clone(),
            },
            span: arg.span,
        };
        let interval = interval(&arg.text)
            .ok_or_else(|| SleepError {
                kind: SleepErrorKind::InvalidInterval {
                    text: arg.text.clone(),
                },
                span: arg.span,
            })?
            .ok_or_else(too_long)?;
        total = total.checked_add(interval).ok_or_else(too_long)?;
    }
    let minutes = total.minutes();
    if minutes > MAX_MINUTES {
        let last = operands.last().map_or(whole, |arg| arg.span);
        let first = operands.first().map_or(whole, |arg| arg.span);
        return Err(SleepError {
            kind: SleepErrorKind::TooLong {
                text: operands
                    .iter()
                    .map(|arg| arg.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            },
            span: first.to(last),
        });
    }
    Ok(Sleep::Minutes(u32::try_from(minutes).unwrap_or(u32::MAX)))
}

/// `NUMBER[SUFFIX]` as an interval: `None` when it is not one, `Some(None)` when it overflows.
/// Fractions finer than a nanosecond round up, as GNU sleep rounds up to its clock's resolution.
fn interval(text: &str) -> Option<Option<Interval>> {
    let (number, unit_seconds) = match text.char_indices().last() {
        Some((at, 's')) => (&text[..at], 1),
        Some((at, 'm')) => (&text[..at], 60),
        Some((at, 'h')) => (&text[..at], 3_600),
        Some((at, 'd')) => (&text[..at], 86_400),
        _ => (text, 1),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut units: u64 = 0;
    for digit in whole.bytes() {
        let Some(next) = units
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(digit - b'0')))
        else {
            return Some(None);
        };
        units = next;
    }
    // The fraction of one unit, in nanoseconds (up to a whole one when it rounds up).
    let mut fraction_nanos = 0;
    let mut scale = NANOS_PER_SECOND;
    for (index, digit) in fraction.bytes().enumerate() {
        if index < 9 {
            scale /= 10;
            fraction_nanos += u64::from(digit - b'0') * scale;
        } else if digit != b'0' {
            fraction_nanos += 1;
            break;
        }
    }
    // At most 86,400 × 10⁹ nanoseconds: no overflow.
    let fraction_nanos = fraction_nanos * unit_seconds;
    Some(units.checked_mul(unit_seconds).and_then(|seconds| {
        Interval { seconds, nanos: 0 }.checked_add(Interval {
            seconds: 0,
            nanos: fraction_nanos,
        })
    }))
}

/// The one canonical `sleep` line for a clock advance: the largest unit that says it exactly.
pub fn line(minutes: u32) -> String {
    match minutes {
        0 => "sleep 0".to_string(),
        m if m % (24 * 60) == 0 => format!("sleep {}d", m / (24 * 60)),
        m if m % 60 == 0 => format!("sleep {}h", m / 60),
        m => format!("sleep {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sleep(line: &str) -> Result<Sleep, SleepError> {
        let args: Vec<Arg> = line
            .split(' ')
            .map(|text| Arg {
                text: text.to_string(),
                span: Span::default(),
            })
            .collect();
        parse(&args)
    }

    #[test]
    fn seconds_round_up_to_whole_minutes() {
        assert_eq!(sleep("sleep 0"), Ok(Sleep::Minutes(0)));
        assert_eq!(sleep("sleep 1"), Ok(Sleep::Minutes(1)));
        assert_eq!(sleep("sleep 30"), Ok(Sleep::Minutes(1)));
        assert_eq!(sleep("sleep 60"), Ok(Sleep::Minutes(1)));
        assert_eq!(sleep("sleep 61s"), Ok(Sleep::Minutes(2)));
        assert_eq!(sleep("sleep 0.5m"), Ok(Sleep::Minutes(1)));
        assert_eq!(sleep("sleep 1.5h"), Ok(Sleep::Minutes(90)));
        assert_eq!(sleep("sleep .5d 12h"), Ok(Sleep::Minutes(24 * 60)));
        assert_eq!(sleep("sleep 0.0000000001"), Ok(Sleep::Minutes(1)));
        // A part of a second past a whole minute starts the next one.
        assert_eq!(sleep("sleep 59.5"), Ok(Sleep::Minutes(1)));
        assert_eq!(sleep("sleep 60.5"), Ok(Sleep::Minutes(2)));
        assert_eq!(sleep("sleep 0.5 59.5"), Ok(Sleep::Minutes(1)));
        assert_eq!(sleep("sleep 0.99999999999d"), Ok(Sleep::Minutes(24 * 60)));
    }

    #[test]
    fn bad_and_too_long_intervals_are_refused() {
        for bad in ["sleep 1x", "sleep .", "sleep m", "sleep 1.2.3", "sleep ''"] {
            assert!(
                matches!(
                    sleep(bad),
                    Err(SleepError {
                        kind: SleepErrorKind::InvalidInterval { .. },
                        ..
                    })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            sleep("sleep"),
            Err(SleepError {
                kind: SleepErrorKind::MissingOperand,
                ..
            })
        ));
        assert!(matches!(
            sleep("sleep -5"),
            Err(SleepError {
                kind: SleepErrorKind::InvalidInterval { .. },
                ..
            })
        ));
        assert!(matches!(
            sleep("sleep -x"),
            Err(SleepError {
                kind: SleepErrorKind::UnrecognizedOption { .. },
                ..
            })
        ));
        assert_eq!(sleep("sleep 4294967295m"), Ok(Sleep::Minutes(u32::MAX)));
        for long in [
            "sleep 4294967296m",
            "sleep 4294967295m 1",
            "sleep 4294967295m 0.0000000001",
            "sleep 99999999999999999999999999999999999999999d",
        ] {
            assert!(
                matches!(
                    sleep(long),
                    Err(SleepError {
                        kind: SleepErrorKind::TooLong { .. },
                        ..
                    })
                ),
                "{long}"
            );
        }
    }

    #[test]
    fn the_line_uses_the_largest_exact_unit() {
        assert_eq!(line(0), "sleep 0");
        assert_eq!(line(1), "sleep 1m");
        assert_eq!(line(90), "sleep 90m");
        assert_eq!(line(120), "sleep 2h");
        assert_eq!(line(24 * 60), "sleep 1d");
        assert_eq!(line(u32::MAX), "sleep 4294967295m");
        for minutes in [0, 1, 59, 60, 61, 1440, 2880, 4321, u32::MAX] {
            let text = line(minutes);
            assert_eq!(sleep(&text), Ok(Sleep::Minutes(minutes)), "{text}");
        }
    }
}
