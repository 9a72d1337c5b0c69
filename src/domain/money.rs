//! Money: integer minor units plus an ISO 4217 currency code. Never floating point.

/// Digits after the decimal point for an ISO 4217 currency: the one table every importer and
/// display uses.
pub fn currency_exponent(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "CLP" | "ISK" | "VND" | "XAF" | "XOF" | "UGX" | "PYG" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub minor_units: i64,
    pub currency: String,
}

impl Money {
    pub fn new(minor_units: i64, currency: impl Into<String>) -> Self {
        Self {
            minor_units,
            currency: currency.into(),
        }
    }

    /// Digits after the decimal point for the currency (ISO 4217 exponent).
    pub fn exponent(&self) -> u32 {
        currency_exponent(&self.currency)
    }

    /// The amount as an exact decimal string, e.g. `"1250000.00"` or `"-12.50"`.
    pub fn decimal(&self) -> String {
        let exponent = self.exponent();
        let sign = if self.minor_units < 0 { "-" } else { "" };
        let magnitude = self.minor_units.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{magnitude}");
        }
        let scale = 10u64.pow(exponent);
        format!(
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = exponent as usize
        )
    }

    /// A human-readable amount with grouping, e.g. `"USD 1,250,000.00"`.
    pub fn display(&self) -> String {
        let decimal = self.decimal();
        let (sign, unsigned) = decimal
            .strip_prefix('-')
            .map_or(("", decimal.as_str()), |rest| ("-", rest));
        let (whole, fraction) = unsigned
            .split_once('.')
            .map_or((unsigned, None), |(w, f)| (w, Some(f)));
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        match fraction {
            Some(fraction) => format!("{} {sign}{grouped}.{fraction}", self.currency),
            None => format!("{} {sign}{grouped}", self.currency),
        }
    }
}

/// Parses an exact decimal amount (`"1250000.00"`, `"-12.5"`) in `currency` into minor units.
/// More decimals than the currency has, or a value beyond ±10^15 major units, is refused.
pub fn parse_amount(
    field: &'static str,
    amount: &str,
    currency: &str,
) -> Result<i64, crate::error::AppError> {
    use crate::error::AppError;
    let exponent = Money::new(0, currency).exponent();
    let text = amount.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let bad = || {
        AppError::invalid(
            field,
            format!("expected a decimal amount with at most {exponent} decimals, e.g. \"1250.00\""),
        )
    };
    if whole.is_empty()
        || whole.len() > 15
        || fraction.len() > exponent as usize
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let scale = 10_i64.pow(exponent);
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let fraction: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<width$}", width = exponent as usize)
            .parse()
            .map_err(|_| bad())?
    };
    let minor = whole * scale + fraction;
    Ok(if negative { -minor } else { minor })
}

/// Checks an ISO 4217 code's shape: three upper-case letters.
pub fn parse_currency(field: &'static str, code: &str) -> Result<String, crate::error::AppError> {
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code.to_owned())
    } else {
        Err(crate::error::AppError::invalid(
            field,
            "expected an ISO 4217 code such as USD",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(Money::new(125_000_000, "USD").decimal(), "1250000.00");
        assert_eq!(Money::new(-1_250, "USD").decimal(), "-12.50");
        assert_eq!(Money::new(5, "USD").decimal(), "0.05");
        assert_eq!(Money::new(1_000, "JPY").decimal(), "1000");
        assert_eq!(Money::new(1_234, "KWD").decimal(), "1.234");
        assert_eq!(
            Money::new(i64::MIN, "USD").decimal(),
            "-92233720368547758.08"
        );
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(Money::new(125_000_000, "USD").display(), "USD 1,250,000.00");
        assert_eq!(Money::new(-99_999, "CAD").display(), "CAD -999.99");
        assert_eq!(Money::new(1_000_000, "JPY").display(), "JPY 1,000,000");
    }
}
