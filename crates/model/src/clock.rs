//! The deterministic logical clock: timestamps advance a fixed step per command so replay reproduces them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Seconds since the Unix epoch, UTC. The model never reads the host's clock: time is part of the
/// world and moves only through events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Where every world starts: 2026-01-05T09:00:00Z, a Monday morning.
    pub const START: Timestamp = Timestamp(1_767_603_600);
    /// How far the clock moves for each command that changes the world.
    pub const STEP_SECONDS: i64 = 60;
    /// The latest time there is: 9999-12-31T23:59:59Z, Python's `datetime.max` to the second, so
    /// the latest time the Azure CLI could print (docs/azure-rules.md M15).
    pub const MAX: Timestamp = Timestamp(253_402_300_799);

    /// This instant plus some seconds.
    pub fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// The same calendar day and time `years` later (29 February becomes 28 February), as Entra
    /// computes a credential's end date.
    pub fn plus_years(self, years: u32) -> Timestamp {
        let days = self.0.div_euclid(86_400);
        let seconds_of_day = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let target_year = year + i64::from(years);
        let day = if month == 2 && day == 29 && !is_leap(target_year) {
            28
        } else {
            day
        };
        Timestamp(days_from_civil(target_year, month, day) * 86_400 + seconds_of_day)
    }

    /// Microsoft Graph's form: `2026-01-05T09:00:00Z`.
    pub fn graph(self) -> String {
        self.to_string()
    }

    /// ARM's form with microseconds and offset: `2026-01-05T09:00:00.000000+00:00`.
    pub fn arm(self) -> String {
        let text = self.to_string();
        format!("{}.000000+00:00", &text[..text.len() - 1])
    }

    /// Key Vault's form: `2026-01-05T09:00:00+00:00`.
    pub fn vault(self) -> String {
        let text = self.to_string();
        format!("{}+00:00", &text[..text.len() - 1])
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let rest = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            (rest / 60) % 60,
            rest % 60
        )
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

// Howard Hinnant's days <-> civil date algorithms: exact for the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_starts_on_the_fifth_of_january_2026() {
        assert_eq!(Timestamp::START.to_string(), "2026-01-05T09:00:00Z");
        assert_eq!(Timestamp::START.arm(), "2026-01-05T09:00:00.000000+00:00");
        assert_eq!(Timestamp::START.vault(), "2026-01-05T09:00:00+00:00");
    }

    #[test]
    fn the_latest_time_is_the_last_second_of_9999() {
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(
            Timestamp::MAX.plus_seconds(1).to_string(),
            "10000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn plus_years_keeps_the_calendar_day() {
        assert_eq!(
            Timestamp::START.plus_years(2).to_string(),
            "2028-01-05T09:00:00Z"
        );
        let leap_day = Timestamp(days_from_civil(2028, 2, 29) * 86_400);
        assert_eq!(leap_day.plus_years(1).to_string(), "2029-02-28T00:00:00Z");
    }
}
