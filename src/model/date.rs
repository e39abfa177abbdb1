//! Calendar dates written as `YYYY-MM-DD`.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A valid calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    /// Year.
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31 (valid for the month).
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Days since 1970-01-01 (for converting file times).
    pub(crate) fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            year: y as u16,
            month: m as u8,
            day: d as u8,
        }
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date `{s}`: expected a real date as YYYY-MM-DD"
            ))
        })
    }
}

/// A date as precise as a source gives it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a document's
/// `published`: a report often states only its year, and inventing a day would claim more
/// than the source does). Orders by year, then month, then day, a missing part first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PartialDate {
    /// Year.
    pub year: u16,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day, if known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or a valid `YYYY-MM-DD`.
    pub(crate) fn parse(s: &str) -> Option<PartialDate> {
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
        match s.len() {
            10 => Date::parse(s).map(PartialDate::from),
            7 if s.as_bytes()[4] == b'-' && digits(&s[..4]) && digits(&s[5..]) => {
                let year = s[..4].parse().ok()?;
                let month: u8 = s[5..].parse().ok()?;
                (1..=12).contains(&month).then_some(PartialDate {
                    year,
                    month: Some(month),
                    day: None,
                })
            }
            4 if digits(s) => Some(PartialDate {
                year: s.parse().ok()?,
                month: None,
                day: None,
            }),
            _ => None,
        }
    }

    /// The full date, when the day is known.
    pub(crate) fn full(self) -> Option<Date> {
        Some(Date {
            year: self.year,
            month: self.month?,
            day: self.day?,
        })
    }
}

impl From<Date> for PartialDate {
    fn from(d: Date) -> Self {
        PartialDate {
            year: d.year,
            month: Some(d.month),
            day: Some(d.day),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as YYYY-MM-DD, YYYY-MM or YYYY")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PartialDate, E> {
                PartialDate::parse(s).ok_or_else(|| {
                    E::custom(format!(
                        "invalid date `{s}`: expected a real date as YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no more"
                    ))
                })
            }
            // YAML reads `published: 2020` as a number.
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<PartialDate, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<PartialDate, E> {
                self.visit_str(&n.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_keep_the_precision_of_the_source() {
        let show = |s: &str| PartialDate::parse(s).map(|d| d.to_string());
        assert_eq!(show("2020").as_deref(), Some("2020"));
        assert_eq!(show("2020-06").as_deref(), Some("2020-06"));
        assert_eq!(show("2020-06-01").as_deref(), Some("2020-06-01"));
        assert_eq!(show("2020-13"), None);
        assert_eq!(show("2023-02-29"), None);
        assert_eq!(show("20"), None);
        assert_eq!(PartialDate::parse("2020").and_then(PartialDate::full), None);
        assert!(PartialDate::parse("2019-12-31") < PartialDate::parse("2020"));
        assert!(PartialDate::parse("2020") < PartialDate::parse("2020-01"));
    }

    #[test]
    fn parses_valid_and_rejects_invalid_dates() {
        assert_eq!(
            Date::parse("2023-11-30").map(|d| d.to_string()),
            Some("2023-11-30".into())
        );
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("23-11-30").is_none());
        assert!(Date::parse("2023-1-300").is_none());
    }

    #[test]
    fn converts_unix_days() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_691).to_string(), "2023-11-30");
    }
}
