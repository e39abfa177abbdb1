//! Compact text encoding of integer lists, used for posting lists.
//!
//! Each number is written in base 32, most significant digit first, with the
//! characters of [`ALPHABET`]: a digit that is followed by more digits of the
//! same number is taken from the upper half (index 32–63), the last digit of
//! a number from the lower half (0–31). Numbers below 32 take one character,
//! below 1024 two. The alphabet needs no escaping in JSON.

/// The 64 characters of the encoding.
pub(crate) const ALPHABET: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends `value` to `out`.
#[inline]
pub(crate) fn push_num(out: &mut Vec<u8>, value: u64) {
    // Most numbers (gaps between pages) take one or two digits.
    let digit = |d: u64| ALPHABET[(d & 63) as usize];
    if value < 32 {
        out.push(digit(value));
    } else if value < 1024 {
        out.extend_from_slice(&[digit(32 | value >> 5), digit(value & 31)]);
    } else {
        let n = (64 - value.leading_zeros()).div_ceil(5);
        let mut digits = [0u8; 13];
        for (i, d) in digits.iter_mut().take(n as usize).enumerate() {
            let shift = 5 * (n - 1 - i as u32);
            let more = if shift > 0 { 32 } else { 0 };
            *d = digit(more | (value >> shift) & 31);
        }
        out.extend_from_slice(&digits[..n as usize]);
    }
}

/// Decodes a string written with [`push_num`] (used by tests).
#[cfg(test)]
pub(crate) fn decode(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut acc = 0u64;
    for b in s.bytes() {
        let Some(d) = ALPHABET.iter().position(|&a| a == b) else {
            continue;
        };
        let d = d as u64;
        if d >= 32 {
            acc = acc * 32 + (d - 32);
        } else {
            out.push(acc * 32 + d);
            acc = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let values = [0u64, 1, 31, 32, 33, 1023, 1024, 65_535, 1 << 40, u64::MAX];
        let mut s = Vec::new();
        for &v in &values {
            push_num(&mut s, v);
        }
        assert_eq!(decode(&String::from_utf8(s).unwrap_or_default()), values);
    }

    #[test]
    fn small_numbers_take_one_char() {
        let mut s = Vec::new();
        push_num(&mut s, 31);
        assert_eq!(s, b"V");
        s.clear();
        push_num(&mut s, 32);
        assert_eq!(s.len(), 2);
    }
}
