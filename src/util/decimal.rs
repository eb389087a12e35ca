//! Writing a weight with two decimals without the formatting machinery.
//!
//! Every finding's reason ends in its weight, so this runs once for every finding;
//! `format!("{:.2}")` goes through the exact float printer and costs more than the rest of the
//! reason. The tests check the output against `format!` byte for byte.

/// Appends `x` with exactly two decimals, as `format!("{x:.2}")` writes it.
pub(crate) fn push_2dp(out: &mut String, x: f32) {
    // An f32 has a 24-bit mantissa and 100 needs 7 bits, so the product is exact in an f64
    // and the rounding below sees the true value: ties go to even, as the float printer's.
    let scaled = f64::from(x) * 100.0;
    if x.is_sign_negative() || !(0.0..1e9).contains(&scaled) {
        out.push_str(&format!("{x:.2}"));
        return;
    }
    let mut n = scaled.floor();
    let frac = scaled - n;
    if frac > 0.5 || (frac == 0.5 && n % 2.0 == 1.0) {
        n += 1.0;
    }
    let n = n as u64;
    push_uint(out, n / 100);
    out.push('.');
    let cents = (n % 100) as u8;
    out.push(char::from(b'0' + cents / 10));
    out.push(char::from(b'0' + cents % 10));
}

/// Appends `x` with its sign and exactly two decimals, as `format!("{x:+.2}")` writes it.
pub(crate) fn push_signed_2dp(out: &mut String, x: f32) {
    if x.is_sign_negative() {
        out.push('-');
        push_2dp(out, -x);
    } else {
        out.push('+');
        push_2dp(out, x.abs());
    }
}

fn push_uint(out: &mut String, n: u64) {
    if n >= 10 {
        push_uint(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::push_2dp;

    fn check(x: f32) {
        let mut s = String::new();
        push_2dp(&mut s, x);
        assert_eq!(s, format!("{x:.2}"), "{x:?}");
    }

    #[test]
    fn signed_values_match_the_float_printer() {
        for x in [
            0.0f32, -0.0, 1.25, -1.25, 0.004, -0.004, 2.675, -3.999, 12.5,
        ] {
            let mut s = String::new();
            super::push_signed_2dp(&mut s, x);
            assert_eq!(s, format!("{x:+.2}"), "{x:?}");
        }
    }

    #[test]
    fn matches_the_float_printer() {
        // Ties (0.125, 0.375, ...), edge and out-of-range values, then a sweep of every 1009th
        // f32 in [0, 2].
        for x in [
            0.0,
            1.0,
            0.5,
            0.125,
            0.375,
            0.625,
            0.875,
            0.005,
            0.015,
            0.85,
            0.75,
            0.3,
            0.6,
            0.9,
            0.99,
            0.995,
            0.999,
            1.005,
            12.345,
            -0.0,
            -0.3,
            1e12,
            f32::NAN,
            f32::INFINITY,
        ] {
            check(x);
        }
        let mut x = 0.0f32;
        while x <= 2.0 {
            check(x);
            x = f32::from_bits(x.to_bits() + 1009);
        }
    }
}
